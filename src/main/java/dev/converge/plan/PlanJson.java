package dev.converge.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Plans as the JSON document of {@code converge plan --output json}, for machines. The shape is a
 * contract documented in the README: fields are only ever added to it.
 */
public final class PlanJson {

    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    record Document(List<EnvironmentPlan> environments, SummaryJson summary) {}

    record SummaryJson(int create, int update, int delete, int reported) {}

    /** @param unmanaged only when asked for ({@code plan --unmanaged}) */
    record EnvironmentPlan(String name, List<ChangeJson> changes, List<AcknowledgedJson> acknowledged,
            @JsonInclude(JsonInclude.Include.NON_NULL) UnmanagedReport unmanaged) {}

    /**
     * One plan step; also what the status API lists as a drifted or orphaned resource. {@code approval}
     * only for steps an approval policy governs.
     */
    public record ChangeJson(String resource, String kind, String name, String action, List<FieldJson> fields, String note,
            @JsonInclude(JsonInclude.Include.NON_NULL) ApprovalJson approval) {}

    /**
     * The approval a step needs: its id, the step it holds or lets through ({@code delete}, {@code replace}, …),
     * and, once approved, by whom and until when ({@code null} while it awaits approval).
     */
    public record ApprovalJson(String id, String step, String approvedBy, String expiresAt) {}

    /** Drift left in place because the spec acknowledges it until {@code until} (a day, UTC), and why. */
    public record AcknowledgedJson(String resource, String kind, String name, List<FieldJson> fields, String reason, String until) {}

    /**
     * {@code added} and {@code removed} only for set-valued fields, where they say more than before/after;
     * {@code sensitive} only for fields that may hold secrets, whose before and after are digests.
     */
    public record FieldJson(
            String field,
            Object before,
            Object after,
            @JsonInclude(JsonInclude.Include.NON_NULL) Object added,
            @JsonInclude(JsonInclude.Include.NON_NULL) Object removed,
            @JsonInclude(JsonInclude.Include.NON_NULL) Boolean sensitive) {}

    private PlanJson() {}

    public static String render(List<Plan> plans) {
        return render(plans, Map.of());
    }

    /** With the unmanaged report of each environment that has one. */
    public static String render(List<Plan> plans, Map<String, UnmanagedReport> unmanaged) {
        List<EnvironmentPlan> environments = plans.stream()
                .map(plan -> new EnvironmentPlan(plan.environment(), changes(plan.changes()), acknowledged(plan.acknowledged()),
                        unmanaged.get(plan.environment())))
                .toList();
        try {
            PlanSummary summary = PlanSummary.of(plans);
            SummaryJson counts = new SummaryJson(summary.create(), summary.update(), summary.delete(), summary.reported());
            return JSON.writeValueAsString(new Document(environments, counts)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a plan could not be written as JSON", e);
        }
    }

    public static List<ChangeJson> changes(List<Change> changes) {
        return changes.stream().map(PlanJson::change).toList();
    }

    private static ChangeJson change(Change change) {
        List<FieldJson> fields = change.fields().stream().map(PlanJson::field).toList();
        Approval approval = change.approval();
        return new ChangeJson(change.key().toString(), change.kind(), change.key().name(), change.action().label(), fields,
                change.note(), approval == null ? null : new ApprovalJson(approval.id(), approval.step().label(),
                        approval.approvedBy(), approval.expiresAt() == null ? null : approval.expiresAt().toString()));
    }

    public static List<AcknowledgedJson> acknowledged(List<AcknowledgedDrift> drift) {
        return drift.stream().map(a -> new AcknowledgedJson(a.key().toString(), a.kind(), a.key().name(),
                a.fields().stream().map(PlanJson::field).toList(), a.reason(), a.until())).toList();
    }

    private static FieldJson field(FieldChange field) {
        if (field.sensitive()) {
            return new FieldJson(field.field(), field.shownBefore(), field.shownAfter(), null, null, true);
        }
        boolean set = field.before() instanceof Collection<?> || field.after() instanceof Collection<?>;
        return new FieldJson(field.field(), PlanValues.plain(field.before()), PlanValues.plain(field.after()),
                set ? PlanValues.plain(field.added()) : null, set ? PlanValues.plain(field.removed()) : null, null);
    }
}
