package dev.converge.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.aws.ec2.Ec2Tags;
import dev.converge.engine.PassReport;
import dev.converge.model.Environment;
import dev.converge.model.Management;
import dev.converge.model.Mode;
import dev.converge.model.Ownership;
import dev.converge.model.Resource;
import dev.converge.model.ResourceKey;
import dev.converge.model.VpcSpec;
import dev.converge.plan.Action;
import dev.converge.testing.Harness;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Vpc;

/** A resource's own {@code management.prune} decides its fate once it has left the spec. */
class PruneSettingIT {

    private final Harness harness = new Harness();
    private final Resource anchor = vpc("anchor", "10.30.0.0/16", null);

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void resourceThatPrunes_isDeletedOnceItLeavesTheSpec_inAnEnvironmentWithPruneOff() {
        Environment env = environment(false);
        Resource scratch = vpc("scratch", "10.31.0.0/16", true);
        assertThat(harness.pass(env, List.of(anchor, scratch)).success()).isTrue();
        assertThat(vpc("scratch")).hasSize(1).allSatisfy(v ->
                assertThat(Ec2Tags.toMap(v.tags())).containsEntry(Ownership.PRUNE, "true"));

        PassReport removed = harness.pass(env, List.of(anchor));

        assertThat(removed.success()).as(removed.toString()).isTrue();
        assertThat(vpc("scratch")).isEmpty();
        assertThat(vpc("anchor")).hasSize(1);
    }

    @Test
    void resourceThatDoesNotPrune_isOrphaned_inAnEnvironmentWithPruneOn_evenWhenTheSettingChangedWhileDeclared() {
        Environment env = environment(true);
        assertThat(harness.pass(env, List.of(anchor, vpc("records", "10.32.0.0/16", true))).success()).isTrue();
        assertThat(harness.pass(env, List.of(anchor, vpc("records", "10.32.0.0/16", false))).success()).isTrue();
        assertThat(vpc("records")).singleElement().satisfies(v ->
                assertThat(Ec2Tags.toMap(v.tags())).containsEntry(Ownership.PRUNE, "false"));

        PassReport removed = harness.pass(env, List.of(anchor));

        assertThat(removed.success()).as(removed.toString()).isTrue();
        assertThat(removed.detected().changes()).singleElement()
                .satisfies(change -> assertThat(change.action()).isEqualTo(Action.ORPHAN));
        assertThat(vpc("records")).hasSize(1);
    }

    private static Environment environment(boolean prune) {
        return new Environment("it", "us-east-1", null, null, Mode.ENFORCE, prune, Map.of("team", "platform"));
    }

    private static Resource vpc(String name, String cidr, Boolean prune) {
        return new Resource(ResourceKey.of(VpcSpec.KIND, name), "it", Map.of(),
                new VpcSpec(cidr, null, null, false, Map.of(), new Management(prune, false, List.of())));
    }

    private List<Vpc> vpc(String name) {
        Ec2Client ec2 = harness.aws(environment(false)).ec2();
        return ec2.describeVpcs(r -> r.filters(Filter.builder().name("tag:converge:resource").values("Vpc/" + name).build()))
                .vpcs();
    }
}
