package dev.converge.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.model.ApprovalPolicy;
import dev.converge.model.Environment;
import dev.converge.model.Management;
import dev.converge.model.Mode;
import dev.converge.model.Ownership;
import dev.converge.model.Resource;
import dev.converge.model.ResourceKey;
import dev.converge.model.VpcSpec;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which steps an approval policy holds, and approval ids that name exactly one change. */
class ApprovalGateTest {

    private static final Environment ENV = new Environment("prod", "us-east-1", null, null, Mode.ENFORCE, true, Map.of())
            .withApproval(new ApprovalPolicy(List.of("delete")));
    private static final ResourceKey KEY = ResourceKey.of(VpcSpec.KIND, "main");

    @Test
    void aGovernedStep_isHeldWithItsId_andAnUngovernedOneGoesThrough() {
        Change delete = delete(Map.of());
        Change update = new Change(KEY, Action.UPDATE, List.of(new FieldChange("enableDnsSupport", false, true)), vpc(null),
                live(Map.of()), null);

        Plan gated = ApprovalGate.apply(new Plan("prod", List.of(update, delete)), ENV, id -> Optional.empty());

        assertThat(gated.changes().get(0)).isEqualTo(update);
        Change held = gated.changes().get(1);
        assertThat(held.action()).isEqualTo(Action.AWAITING_APPROVAL);
        assertThat(held.approval()).isEqualTo(Approval.awaiting(ApprovalIds.of("prod", delete, Action.DELETE), Action.DELETE));
        assertThat(held.approval().id()).matches("[0-9a-f]{12}");
        assertThat(held.step()).isEqualTo(Action.DELETE);
    }

    @Test
    void anApprovedStep_staysExecutable_carryingWhoApprovedIt() {
        Change delete = delete(Map.of());
        String id = ApprovalIds.of("prod", delete, Action.DELETE);
        Approval given = new Approval(id, Action.DELETE, "alice", Instant.parse("2026-12-02T00:00:00Z"));

        Change gated = ApprovalGate.apply(new Plan("prod", List.of(delete)), ENV, asked -> Optional.ofNullable(Map.of(id, given).get(asked)))
                .changes().get(0);

        assertThat(gated.action()).isEqualTo(Action.DELETE);
        assertThat(gated.approval()).isEqualTo(given);
    }

    @Test
    void theId_isTheSameForTheSameChangeWhateverTheMapOrder_andAnotherForAnyDifference() {
        Map<String, String> ab = new LinkedHashMap<>(Map.of("a", "1"));
        ab.put("b", "2");
        Map<String, String> ba = new LinkedHashMap<>(Map.of("b", "2"));
        ba.put("a", "1");
        Change one = new Change(KEY, Action.REPLACE, List.of(new FieldChange("tags", Map.of(), ab)), vpc(null), live(Map.of()), null);
        Change same = new Change(KEY, Action.REPLACE, List.of(new FieldChange("tags", Map.of(), ba)), vpc(null), live(Map.of()), null);
        Change other = new Change(KEY, Action.REPLACE, List.of(new FieldChange("tags", Map.of(), Map.of("a", "3"))), vpc(null),
                live(Map.of()), null);

        assertThat(ApprovalIds.of("prod", one, Action.REPLACE)).isEqualTo(ApprovalIds.of("prod", same, Action.REPLACE))
                .isNotEqualTo(ApprovalIds.of("prod", other, Action.REPLACE))
                .isNotEqualTo(ApprovalIds.of("nonprod", one, Action.REPLACE));
    }

    @Test
    void aResourcesOwnPolicy_replacesTheEnvironments_andAfterItLeftTheSpec_itsTagStillDoes() {
        Change declaredReplace = new Change(KEY, Action.REPLACE, List.of(new FieldChange("cidr", "10.0.0.0/16", "10.1.0.0/16")),
                vpc(new ApprovalPolicy(List.of("replace"))), live(Map.of()), null);
        Change undeclaredExempt = delete(Map.of(Ownership.APPROVAL, "none"));
        Change undeclaredGoverned = new Change(ResourceKey.of(VpcSpec.KIND, "other"), Action.DELETE, List.of(), null,
                live(Map.of(Ownership.APPROVAL, "delete replace")), null);

        List<Change> gated = ApprovalGate.apply(new Plan("prod", List.of(declaredReplace, undeclaredExempt, undeclaredGoverned)),
                ENV.withApproval(ApprovalPolicy.NONE), id -> Optional.empty()).changes();

        assertThat(gated).extracting(Change::action)
                .containsExactly(Action.AWAITING_APPROVAL, Action.DELETE, Action.AWAITING_APPROVAL);
        assertThat(ApprovalGate.apply(new Plan("prod", List.of(undeclaredExempt)), ENV, id -> Optional.empty()).changes())
                .extracting(Change::action).as("none recorded on the resource wins over the environment").containsExactly(Action.DELETE);
    }

    @Test
    void thePlanText_showsTheHeldStepWithItsId_andAcknowledgedDriftApart() {
        Change held = ApprovalGate.apply(new Plan("prod", List.of(delete(Map.of()))), ENV, id -> Optional.empty()).changes().get(0);
        AcknowledgedDrift drift = new AcknowledgedDrift(ResourceKey.of(VpcSpec.KIND, "edge"),
                List.of(new FieldChange("enableDnsSupport", false, true)), "vendor migration", "2026-12-31");

        String text = new PlanRenderer(false).render(List.of(new Plan("prod", List.of(held), List.of(drift))));

        assertThat(text).contains("⏸ awaiting approval  Vpc/main\n")
                .contains("# delete awaits approval: converge approve " + held.approval().id() + " --by NAME\n")
                .contains("≈ acknowledged  Vpc/edge\n      enableDnsSupport:  false → true\n"
                        + "      # acknowledged until 2026-12-31: vendor migration\n")
                .endsWith("Plan: 0 to create, 0 to update, 0 to delete, 1 reported.\n");
        assertThat(PlanJson.render(List.of(new Plan("prod", List.of(held), List.of(drift)))))
                .contains("\"action\" : \"awaiting-approval\"")
                .contains("\"id\" : \"" + held.approval().id() + "\"")
                .contains("\"step\" : \"delete\"")
                .contains("\"reason\" : \"vendor migration\"");
    }

    private static Change delete(Map<String, String> tags) {
        return new Change(KEY, Action.DELETE, List.of(), null, live(tags), null);
    }

    private static ObservedResource live(Map<String, String> tags) {
        return ObservedResource.owned(KEY, "vpc-0123456789abcdef0", Map.of(), tags, null);
    }

    private static Resource vpc(ApprovalPolicy policy) {
        return new Resource(KEY, "prod", Map.of(), new VpcSpec("10.0.0.0/16", null, null, false, Map.of(),
                new Management(null, true, List.of(), policy, List.of(), null)));
    }
}
