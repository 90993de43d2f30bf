package dev.converge.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.engine.PassReport;
import dev.converge.model.BucketSpec;
import dev.converge.model.Environment;
import dev.converge.model.KindSpec;
import dev.converge.model.LaunchTemplateSpec;
import dev.converge.model.Management;
import dev.converge.model.Mode;
import dev.converge.model.Resource;
import dev.converge.model.ResourceKey;
import dev.converge.testing.Harness;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a pass that finds nothing to change costs in AWS calls, counted by operation: the calls that grow
 * with the number of resources are only the reads of what the spec declares, and what is the same for a
 * whole account is read once per cycle, not once per environment.
 */
class SteadyStateCallsIT {

    private static final int BUCKETS = 5;
    private static final String AMI = "ami-12c6146b";
    private static final String ACCOUNT = "123456789012";

    private final Harness harness = new Harness();
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void aNoDriftCycleOverTwoEnvironmentsOfOneAccount_readsBucketOwnershipInOneGetResourcesPageEach_andNoBucketsTags() {
        Map<Environment, List<Resource>> estate = new LinkedHashMap<>();
        estate.put(Harness.environment("blue", Mode.ENFORCE), buckets("blue"));
        estate.put(Harness.environment("green", Mode.ENFORCE), buckets("green"));
        assertThat(harness.cycle(estate)).allSatisfy(report -> assertThat(report.success()).isTrue());
        long mutations = harness.mutatingCalls();
        Counts before = new Counts(harness);

        List<PassReport> steady = harness.cycle(estate);

        assertThat(steady).allSatisfy(report -> {
            assertThat(report.success()).isTrue();
            assertThat(report.remaining().executable()).isEmpty();
        });
        Counts after = new Counts(harness);
        assertThat(after.minus(before, "GetBucketTagging")).as("no bucket's tags are read one by one").isZero();
        assertThat(after.minus(before, "GetResources")).as("one page of tagged buckets per environment").isEqualTo(2);
        assertThat(after.minus(before, "ListBuckets")).as("the account's buckets listed once for both").isEqualTo(1);
        assertThat(after.minus(before, "GetBucketVersioning")).as("the one declared attribute, per bucket").isEqualTo(2 * BUCKETS);
        assertThat(after.minus(before, "GetBucketEncryption")).as("an attribute no bucket declares is not read").isZero();
        assertThat(harness.mutatingCalls()).isEqualTo(mutations);
    }

    @Test
    void aNoDriftPass_readsTheLatestVersionOfEveryTemplateInOneCall_inOneObservationRound() {
        Environment environment = Harness.environment("fleet", Mode.ENFORCE);
        List<Resource> templates = IntStream.range(0, 4)
                .mapToObj(i -> resource(LaunchTemplateSpec.KIND, "web" + i, environment,
                        new LaunchTemplateSpec(AMI, "t3.small", List.of(), null, null, null, Map.of(), Management.DEFAULT)))
                .toList();
        assertThat(harness.pass(environment, templates).success()).isTrue();
        Counts before = new Counts(harness);

        PassReport steady = harness.pass(environment, templates);

        assertThat(steady.remaining().executable()).isEmpty();
        Counts after = new Counts(harness);
        assertThat(after.minus(before, "DescribeLaunchTemplateVersions")).isEqualTo(1);
        assertThat(after.minus(before, "DescribeLaunchTemplates")).isEqualTo(1);
        assertThat(after.minus(before, "DescribeVpcs")).as("one observation round").isEqualTo(1);
    }

    @Test
    void theAccountOfAnEnvironmentsCredentials_isAskedOnce_notOnEveryPass() {
        Environment environment = new Environment("accounted", "us-east-1", ACCOUNT, null, Mode.ENFORCE, false, Map.of());
        assertThat(harness.pass(environment, List.of()).success()).isTrue();
        assertThat(harness.pass(environment, List.of()).success()).isTrue();
        assertThat(harness.pass(environment, List.of()).success()).isTrue();

        assertThat(harness.calls("GetCallerIdentity")).isEqualTo(1);
    }

    private List<Resource> buckets(String environment) {
        return IntStream.range(0, BUCKETS)
                .mapToObj(i -> new Resource(ResourceKey.of(BucketSpec.KIND, "data" + i), environment, Map.of(),
                        new BucketSpec("converge-it-" + environment + "-" + run + "-" + i, true, null, null, null, null,
                                Map.of(), Management.DEFAULT)))
                .toList();
    }

    private static Resource resource(String kind, String name, Environment environment, KindSpec spec) {
        return new Resource(ResourceKey.of(kind, name), environment.name(), Map.of(), spec);
    }

    /** The calls made so far, by operation. */
    private record Counts(Map<String, Long> byOperation) {

        Counts(Harness harness) {
            this(Map.of(
                    "GetBucketTagging", harness.calls("GetBucketTagging"),
                    "GetResources", harness.calls("GetResources"),
                    "ListBuckets", harness.calls("ListBuckets"),
                    "GetBucketVersioning", harness.calls("GetBucketVersioning"),
                    "GetBucketEncryption", harness.calls("GetBucketEncryption"),
                    "DescribeLaunchTemplateVersions", harness.calls("DescribeLaunchTemplateVersions"),
                    "DescribeLaunchTemplates", harness.calls("DescribeLaunchTemplates"),
                    "DescribeVpcs", harness.calls("DescribeVpcs")));
        }

        long minus(Counts before, String operation) {
            return byOperation.get(operation) - before.byOperation.get(operation);
        }
    }
}
