package dev.converge.plan;

import dev.converge.model.ApprovalPolicy;
import dev.converge.model.Environment;
import dev.converge.model.Ownership;
import java.util.Optional;
import java.util.function.Function;

/**
 * Holds the steps an approval policy governs until a person approves exactly that change. A declared
 * resource follows its own {@code management.approval}, else the environment's; a resource that left the
 * spec follows the policy recorded on its tags, else the environment's. A held step stays in the plan as
 * {@link Action#AWAITING_APPROVAL} with its approval id; an approved one stays executable and carries who
 * approved it. Pure: what is approved comes from {@code approvals}.
 */
public final class ApprovalGate {

    private ApprovalGate() {}

    /** @param approvals the approval given for an id, if any that is still in force */
    public static Plan apply(Plan plan, Environment environment, Function<String, Optional<Approval>> approvals) {
        return plan.withChanges(plan.changes().stream().map(change -> gate(change, environment, approvals)).toList());
    }

    private static Change gate(Change change, Environment environment, Function<String, Optional<Approval>> approvals) {
        if (!change.action().executable() || !policyOf(change, environment).requires(change.action().label())) {
            return change;
        }
        String id = ApprovalIds.of(environment.name(), change, change.action());
        return approvals.apply(id)
                .filter(approval -> approval.id().equals(id))
                .map(change::withApproval)
                .orElseGet(() -> change.withApproval(Approval.awaiting(id, change.action())).as(Action.AWAITING_APPROVAL,
                        change.action().label() + " awaits approval: converge approve " + id + " --by NAME"
                                + (change.note() == null ? "" : "; " + change.note())));
    }

    private static ApprovalPolicy policyOf(Change change, Environment environment) {
        if (change.desired() != null && change.desired().management().approval() != null) {
            return change.desired().management().approval();
        }
        Optional<ApprovalPolicy> recorded = change.observed() == null || change.desired() != null
                ? Optional.empty()
                : Ownership.approvalSetting(change.observed().tags());
        return recorded.orElse(environment.approval());
    }
}
