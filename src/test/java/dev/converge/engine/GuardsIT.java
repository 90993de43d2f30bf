package dev.converge.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.model.BucketSpec;
import dev.converge.model.Environment;
import dev.converge.model.Management;
import dev.converge.model.Mode;
import dev.converge.model.Resource;
import dev.converge.model.ResourceKey;
import dev.converge.plan.Action;
import dev.converge.plan.Change;
import dev.converge.testing.Harness;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The guards against moto, with the service's defaults: a plan deleting most of an environment is
 * refused, a resource something keeps reverting is backed off instead of fought every pass, and an
 * environment outside the allow-list is never reached.
 */
class GuardsIT {

    private final Harness harness = new Harness(PassGuards.DEFAULTS);
    private final Environment env = Harness.environment("it", Mode.ENFORCE);
    private final Environment pruning = new Environment("it", "us-east-1", null, null, Mode.ENFORCE, true, env.tags());
    private final List<Resource> buckets = IntStream.range(0, 4).mapToObj(i -> bucket("it", "b" + i)).toList();

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void removingMostOfAnEnvironmentFromTheSpec_withPruneOn_isRefused_andEverythingStays() {
        harness.pass(pruning, buckets);
        assertThat(harness.registry().find("converge.deletes.refused").tags("environment", "it").counter())
                .as("the series exists before any refusal").isNotNull();
        assertThat(harness.metric("converge.deletes.refused", "environment", "it")).isZero();
        assertThat(harness.plan(pruning, buckets.subList(0, 1)).changes()).as("what plan shows")
                .extracting(Change::action).containsOnly(Action.DELETE_REFUSED).hasSize(3);

        PassReport report = harness.pass(pruning, buckets.subList(0, 1));

        assertThat(report.success()).isFalse();
        assertThat(report.error()).isEqualTo("refused to delete 3 of 4 managed resources (75%): more than the limit of 25%");
        assertThat(report.remaining().changes()).extracting(Change::action).containsOnly(Action.DELETE_REFUSED).hasSize(3);
        assertThat(report.outcomes()).isEmpty();
        buckets.forEach(b -> assertThat(exists(b)).as(b.name()).isTrue());
        assertThat(harness.metric("converge.changes", "action", "delete")).isZero();
        assertThat(harness.metric("converge.reconcile", "environment", "it", "result", "error")).isEqualTo(1);
        assertThat(harness.metric("converge.deletes.refused", "environment", "it")).as("refused passes").isEqualTo(1);
    }

    @Test
    void anEnvironmentWithAHigherLimit_prunesAsMuchAsItAllows() {
        harness.pass(pruning, buckets);
        Environment lenient = new Environment("it", "us-east-1", null, null, Mode.ENFORCE, true, env.tags(), 0.75);

        PassReport report = harness.pass(lenient, buckets.subList(0, 1));

        assertThat(report.success()).as(report.toString()).isTrue();
        assertThat(buckets).filteredOn(this::exists).containsExactly(buckets.get(0));
        assertThat(harness.metric("converge.changes", "action", "delete", "result", "success")).isEqualTo(3);
    }

    @Test
    void aResourceSomethingKeepsReverting_isFlaggedAtTheThreshold_leftAlone_thenRetriedLessAndLessOften() {
        Resource flapping = buckets.get(0);
        Resource steady = buckets.get(1);
        List<Resource> spec = List.of(flapping, steady);
        harness.pass(env, spec);

        suspendVersioning(flapping);
        assertThat(touched(spec)).as("pass 2 puts it back").isTrue();
        suspendVersioning(flapping);
        assertThat(touched(spec)).as("pass 3 puts it back").isTrue();
        assertThat(flappingMetric(flapping)).isZero();

        suspendVersioning(flapping);
        suspendVersioning(steady);
        PassReport flagged = harness.pass(env, spec);

        assertThat(flappingMetric(flapping)).as("pass 4 flags it").isEqualTo(1);
        assertThat(versioning(flapping)).as("and leaves it alone").isEqualTo(BucketVersioningStatus.SUSPENDED);
        assertThat(versioning(steady)).as("while the rest of the environment converges").isEqualTo(BucketVersioningStatus.ENABLED);
        assertThat(flagged.outcomes()).extracting(o -> o.change().key()).containsExactly(steady.key());
        assertThat(flagged.remaining().changes()).singleElement().satisfies(c -> {
            assertThat(c.key()).isEqualTo(flapping.key());
            assertThat(c.note()).startsWith("backed off until pass 5");
        });

        assertThat(touched(spec)).as("pass 5 retries it").isTrue();
        assertThat(versioning(flapping)).isEqualTo(BucketVersioningStatus.ENABLED);

        suspendVersioning(flapping);
        assertThat(touched(spec)).as("pass 6 holds it again, now for 2 passes").isFalse();
        assertThat(touched(spec)).as("pass 7 too").isFalse();
        assertThat(versioning(flapping)).isEqualTo(BucketVersioningStatus.SUSPENDED);
        assertThat(flappingMetric(flapping)).isEqualTo(1);

        assertThat(touched(spec)).as("pass 8 retries it").isTrue();
        PassReport converged = harness.pass(env, spec);

        assertThat(converged.detected().isEmpty()).isTrue();
        assertThat(flappingMetric(flapping)).as("once it stays converged it is no longer flagged").isZero();
        assertThat(flappingMetric(steady)).isZero();
    }

    @Test
    void anEnvironmentOutsideTheAllowList_isSkipped_withoutACallToAws() {
        Environment other = Harness.environment("other", Mode.ENFORCE);
        Resource allowedBucket = buckets.get(0);
        Resource otherBucket = bucket("other", "b0");
        EnvironmentGate gate = new EnvironmentGate(Optional.of(List.of("it")), AllowedAccounts.ANY, harness.metrics());

        List<Environment> admitted = gate.admit(List.of(env, other));
        admitted.forEach(e -> harness.pass(e, e == env ? List.of(allowedBucket) : List.of(otherBucket)));
        double callsAfterAllowed = harness.metric("converge.aws.api.calls");

        assertThat(admitted).containsExactly(env);
        assertThat(gate.admit(List.of(other))).isEmpty();
        assertThat(harness.metric("converge.aws.api.calls")).isEqualTo(callsAfterAllowed);
        assertThat(harness.metric("converge.environments.skipped", "environment", "other", "reason", "environment")).isEqualTo(2);
        assertThat(harness.metric("converge.reconcile", "environment", "other")).isZero();
        assertThat(exists(allowedBucket)).isTrue();
        assertThat(exists(otherBucket)).isFalse();
    }

    /** One pass; whether it made any mutating call. */
    private boolean touched(List<Resource> spec) {
        long before = harness.mutatingCalls();
        harness.pass(env, spec);
        return harness.mutatingCalls() > before;
    }

    private double flappingMetric(Resource resource) {
        return harness.metric("converge.resource.flapping", "environment", "it", "kind", BucketSpec.KIND, "name", resource.name());
    }

    private void suspendVersioning(Resource bucket) {
        s3().putBucketVersioning(r -> r.bucket(bucketName(bucket)).versioningConfiguration(v -> v.status(BucketVersioningStatus.SUSPENDED)));
    }

    private BucketVersioningStatus versioning(Resource bucket) {
        return s3().getBucketVersioning(r -> r.bucket(bucketName(bucket))).status();
    }

    private boolean exists(Resource bucket) {
        try {
            s3().headBucket(r -> r.bucket(bucketName(bucket)));
            return true;
        } catch (S3Exception e) {
            return false;
        }
    }

    private S3Client s3() {
        return harness.aws(env).s3();
    }

    private static String bucketName(Resource bucket) {
        return ((BucketSpec) bucket.spec()).bucketName();
    }

    private static Resource bucket(String environment, String name) {
        String bucketName = "converge-guards-" + name + "-" + UUID.randomUUID().toString().substring(0, 8);
        return new Resource(ResourceKey.of(BucketSpec.KIND, name), environment, Map.of(),
                new BucketSpec(bucketName, true, null, null, null, null, Map.of(), Management.DEFAULT));
    }
}
