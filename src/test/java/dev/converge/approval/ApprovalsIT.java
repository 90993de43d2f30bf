package dev.converge.approval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.engine.PassReport;
import dev.converge.model.ApprovalPolicy;
import dev.converge.model.Environment;
import dev.converge.model.Management;
import dev.converge.model.Mode;
import dev.converge.model.Resource;
import dev.converge.model.ResourceKey;
import dev.converge.model.SecurityGroupSpec;
import dev.converge.model.VpcSpec;
import dev.converge.plan.Action;
import dev.converge.plan.Change;
import dev.converge.plan.Plan;
import dev.converge.testing.Harness;
import dev.converge.testing.MovableClock;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Vpc;

/**
 * Steps an approval policy governs, against moto: held pass after pass with the resource left in place,
 * carried out once exactly that change is approved, never under an approval for another change or one
 * that expired; approvals kept in a file or a ConfigMap (the fabric8 mock API server in CRUD mode) outlive
 * the Converge that held the step.
 */
class ApprovalsIT {

    private static final Environment ENV = Harness.pruning(Harness.environment("approvals", Mode.ENFORCE))
            .withApproval(new ApprovalPolicy(List.of("delete", "replace")));
    private static final Duration EXPIRY = Duration.ofHours(1);

    @TempDir
    Path dir;

    private final MovableClock clock = new MovableClock();
    private final List<AutoCloseable> open = new ArrayList<>();
    private final Resource vpc = vpc("main", "10.50.0.0/16", Management.DEFAULT);
    private final Resource web = group("web");
    private final Resource old = group("old");

    @AfterEach
    void close() throws Exception {
        java.util.Collections.reverse(open);
        for (AutoCloseable closeable : open) {
            closeable.close();
        }
    }

    @Test
    void removingAResource_holdsItsDelete_passAfterPass_untilApproved_thenTheNextPassDeletesIt() {
        ApprovalLedger ledger = fileLedger();
        Harness harness = harness(new Harness(ledger));
        assertThat(harness.pass(ENV, List.of(vpc, web, old)).success()).isTrue();

        for (int pass = 0; pass < 3; pass++) {
            PassReport held = harness.pass(ENV, List.of(vpc, web));
            assertThat(held.success()).as(held.toString()).isTrue();
            assertThat(held.outcomes()).isEmpty();
        }

        assertThat(groups(harness, "old")).isEqualTo(1);
        Change awaiting = heldStep(harness.plan(ENV, List.of(vpc, web)));
        assertThat(awaiting.key()).isEqualTo(old.key());
        assertThat(awaiting.approval().step()).isEqualTo(Action.DELETE);
        assertThat(awaiting.note()).contains("converge approve " + awaiting.approval().id());
        assertThat(harness.metric("converge.approvals.held", "environment", ENV.name(), "kind", SecurityGroupSpec.KIND)).isEqualTo(1);
        assertThat(harness.metric("converge.drift.resources", "environment", ENV.name(), "kind", SecurityGroupSpec.KIND)).isZero();
        assertThat(ledger.records().get(awaiting.approval().id()))
                .satisfies(r -> assertThat(r.approved()).isFalse())
                .satisfies(r -> assertThat(r.resource()).isEqualTo("SecurityGroup/old"));

        ledger.approve(awaiting.approval().id(), "alice");
        PassReport approved = harness.pass(ENV, List.of(vpc, web));

        assertThat(approved.success()).as(approved.toString()).isTrue();
        assertThat(approved.outcomes()).singleElement().satisfies(o -> {
            assertThat(o.change().action()).isEqualTo(Action.DELETE);
            assertThat(o.change().approval().approvedBy()).isEqualTo("alice");
        });
        assertThat(groups(harness, "old")).isZero();
        assertThat(groups(harness, "web")).isEqualTo(1);
        assertThat(ledger.records()).as("an approval is used up").isEmpty();
        assertThat(harness.metric("converge.approvals.held", "environment", ENV.name(), "kind", SecurityGroupSpec.KIND)).isZero();
    }

    @Test
    void anApprovalForAChangeThatHasSinceChanged_isNotUsed() {
        ApprovalLedger ledger = fileLedger();
        Harness harness = harness(new Harness(ledger));
        Management replaceable = new Management(null, true, List.of());
        assertThat(harness.pass(ENV, List.of(vpc, vpc("data", "10.51.0.0/16", replaceable))).success()).isTrue();
        PassReport first = harness.pass(ENV, List.of(vpc, vpc("data", "10.52.0.0/16", replaceable)));
        Change toTen52 = heldStep(first.remaining());
        assertThat(toTen52.approval().step()).isEqualTo(Action.REPLACE);
        ledger.approve(toTen52.approval().id(), "alice");

        PassReport changed = harness.pass(ENV, List.of(vpc, vpc("data", "10.53.0.0/16", replaceable)));

        assertThat(changed.outcomes()).isEmpty();
        Change toTen53 = heldStep(changed.remaining());
        assertThat(toTen53.approval().id()).isNotEqualTo(toTen52.approval().id());
        assertThat(vpcCidrs(harness, "data")).containsExactly("10.51.0.0/16");
    }

    @Test
    void anExpiredApproval_isNotUsed_andTheStepIsHeldAgain() {
        ApprovalLedger ledger = fileLedger();
        Harness harness = harness(new Harness(ledger));
        assertThat(harness.pass(ENV, List.of(vpc, web, old)).success()).isTrue();
        String id = heldStep(harness.pass(ENV, List.of(vpc, web)).remaining()).approval().id();
        ledger.approve(id, "alice");

        clock.advance(EXPIRY.plusMinutes(1));
        PassReport expired = harness.pass(ENV, List.of(vpc, web));

        assertThat(expired.outcomes()).isEmpty();
        assertThat(groups(harness, "old")).isEqualTo(1);
        assertThat(heldStep(expired.remaining()).approval().id()).isEqualTo(id);
        assertThat(ledger.records().get(id).approved()).as("held again, awaiting a new approval").isFalse();
    }

    @Test
    void anApprovalInTheFile_outlivesTheConvergeThatHeldTheStep() {
        Harness before = harness(new Harness(fileLedger()));
        assertThat(before.pass(ENV, List.of(vpc, web, old)).success()).isTrue();
        String id = heldStep(before.pass(ENV, List.of(vpc, web)).remaining()).approval().id();
        fileLedger().approve(id, "alice");

        Harness after = harness(before.restarted(fileLedger()));
        PassReport pass = after.pass(ENV, List.of(vpc, web));

        assertThat(pass.success()).as(pass.toString()).isTrue();
        assertThat(groups(after, "old")).isZero();
    }

    @Test
    void anApprovalInTheConfigMap_outlivesTheReplicaThatHeldTheStep_andIsGoneOnceUsed() {
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init();
        open.add(server::destroy);
        Harness before = harness(new Harness(configMapLedger(server)));
        assertThat(before.pass(ENV, List.of(vpc, web, old)).success()).isTrue();
        String id = heldStep(before.pass(ENV, List.of(vpc, web)).remaining()).approval().id();
        configMapLedger(server).approve(id, "alice");
        ConfigMap stored = client(server).configMaps().inNamespace("converge-system").withName("converge-approvals").get();
        assertThat(stored.getMetadata().getLabels()).containsEntry("converge.dev/controller", "converge");
        assertThat(stored.getData().get(id)).contains("\"approvedBy\" : \"alice\"");

        Harness after = harness(before.restarted(configMapLedger(server)));
        PassReport pass = after.pass(ENV, List.of(vpc, web));

        assertThat(pass.success()).as(pass.toString()).isTrue();
        assertThat(groups(after, "old")).isZero();
        assertThat(client(server).configMaps().inNamespace("converge-system").withName("converge-approvals").get().getData())
                .doesNotContainKey(id);
    }

    private static Change heldStep(Plan plan) {
        List<Change> held = plan.changes().stream().filter(c -> c.action() == Action.AWAITING_APPROVAL).toList();
        assertThat(held).as(plan.toString()).hasSize(1);
        return held.get(0);
    }

    private ApprovalLedger fileLedger() {
        return new ApprovalLedger(new FileApprovalStore(dir.resolve("approvals.json")), EXPIRY, clock);
    }

    private ApprovalLedger configMapLedger(KubernetesMockServer server) {
        return new ApprovalLedger(new ConfigMapApprovalStore(client(server), "converge-system", "converge"), EXPIRY, clock);
    }

    private KubernetesClient client(KubernetesMockServer server) {
        KubernetesClient client = server.createClient();
        open.add(client);
        return client;
    }

    private Harness harness(Harness harness) {
        open.add(harness);
        return harness;
    }

    private static Resource vpc(String name, String cidr, Management management) {
        return new Resource(ResourceKey.of(VpcSpec.KIND, name), ENV.name(), Map.of(),
                new VpcSpec(cidr, null, null, false, Map.of(), management));
    }

    private static Resource group(String name) {
        return new Resource(ResourceKey.of(SecurityGroupSpec.KIND, name), ENV.name(), Map.of(),
                new SecurityGroupSpec("main", null, List.of(new SecurityGroupSpec.RuleSpec("tcp", "443",
                        new SecurityGroupSpec.PeerSpec("10.0.0.0/8", null, null), null, null, null)), null, Map.of(), null));
    }

    private static int groups(Harness harness, String name) {
        return harness.aws(ENV).ec2().describeSecurityGroups(r -> r.filters(resourceTag(SecurityGroupSpec.KIND, name)))
                .securityGroups().size();
    }

    private static List<String> vpcCidrs(Harness harness, String name) {
        return harness.aws(ENV).ec2().describeVpcs(r -> r.filters(resourceTag(VpcSpec.KIND, name))).vpcs().stream()
                .map(Vpc::cidrBlock).toList();
    }

    private static Filter resourceTag(String kind, String name) {
        return Filter.builder().name("tag:converge:resource").values(kind + "/" + name).build();
    }
}
