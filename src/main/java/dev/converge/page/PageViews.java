package dev.converge.page;

import dev.converge.api.EnvironmentStatus;
import dev.converge.api.SpecStatus;
import dev.converge.api.StatusView;
import dev.converge.engine.Controller;
import dev.converge.engine.ConvergeWiring;
import dev.converge.engine.EnvironmentOwnership;
import dev.converge.engine.LastPass;
import dev.converge.engine.PassHistory;
import dev.converge.page.PageView.AcknowledgementRow;
import dev.converge.page.PageView.ApprovalRow;
import dev.converge.page.PageView.DriftRow;
import dev.converge.page.PageView.EnvironmentView;
import dev.converge.page.PageView.FieldRow;
import dev.converge.page.PageView.PassRow;
import dev.converge.page.PageView.UnmanagedRow;
import dev.converge.page.PageView.UnmanagedView;
import dev.converge.plan.AcknowledgedDrift;
import dev.converge.plan.Change;
import dev.converge.plan.FieldChange;
import dev.converge.plan.PlanValues;
import dev.converge.plan.UnmanagedReport;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Builds the status page's view from what the status API shows and the recent passes; reads Converge's
 * own state only, never AWS.
 */
@ApplicationScoped
public class PageViews {

    /** Passes listed per environment; the chart shows the whole history. */
    static final int LISTED_PASSES = 8;

    private final StatusView status;
    private final Controller controller;
    private final ConvergeWiring wiring;

    public PageViews(StatusView status, Controller controller, ConvergeWiring wiring) {
        this.status = status;
        this.controller = controller;
        this.wiring = wiring;
    }

    public PageView now() {
        return build(status.spec(), status.environments(), controller.lastPasses(), controller.history(), wiring.ownership(),
                Instant.now());
    }

    static PageView build(SpecStatus spec, List<EnvironmentStatus> environments, Map<String, LastPass> passes,
            PassHistory history, EnvironmentOwnership ownership, Instant now) {
        return new PageView(Times.stamp(now), spec.revision(), spec.source(), spec.errors(), environments.stream()
                .map(e -> environment(e, passes.get(e.name()), history.of(e.name()), ownership, now))
                .toList());
    }

    private static EnvironmentView environment(EnvironmentStatus status, LastPass last, List<PassHistory.Entry> recent,
            EnvironmentOwnership ownership, Instant now) {
        List<PassRow> rows = new ArrayList<>();
        for (int i = recent.size() - 1; i >= 0 && rows.size() < LISTED_PASSES; i--) {
            rows.add(pass(recent.get(i)));
        }
        return new EnvironmentView(status.name(), status.region(), status.mode(), status.accountId(), status.prune(),
                owner(status.name(), ownership), last == null ? null : last.revision(), rows.isEmpty() ? null : rows.get(0), rows,
                last == null || last.report().remaining() == null ? null : drift(last.report().remaining().changes()),
                last == null || last.report().remaining() == null ? List.of() : approvals(last.report().remaining().changes()),
                last == null || last.report().remaining() == null ? List.of() : acknowledgements(last.report().remaining().acknowledged()),
                last == null ? null : unmanaged(last.report().unmanaged()),
                Chart.of(status.name(), recent, now));
    }

    private static String owner(String environment, EnvironmentOwnership ownership) {
        String holder = ownership.owner(environment).orElse(null);
        if (ownership.mayMutate(environment)) {
            return holder == null ? "this replica" : "this replica (" + holder + ")";
        }
        return holder == null ? "no replica right now" : holder;
    }

    private static PassRow pass(PassHistory.Entry entry) {
        return new PassRow(Times.stamp(entry.started()), Times.duration(entry.duration()), entry.success() ? "success" : "error",
                entry.error(), entry.revision(), entry.driftDetected(),
                entry.driftRemaining() < 0 ? "not observed" : String.valueOf(entry.driftRemaining()), entry.changes());
    }

    static List<DriftRow> drift(List<Change> changes) {
        return changes.stream()
                .filter(c -> c.action().drift())
                .map(c -> new DriftRow(c.key().toString(), c.action().label(), c.fields().stream().map(PageViews::field).toList(), c.note()))
                .toList();
    }

    /** Steps held until a person approves exactly that change: the step and each field it would set. */
    static List<ApprovalRow> approvals(List<Change> changes) {
        return changes.stream()
                .filter(c -> c.awaitsApproval() && c.approval() != null)
                .map(c -> new ApprovalRow(c.approval().id(), c.key().toString(), c.approval().step().label()
                        + c.fields().stream().map(PageViews::fieldChange).map(f -> "; " + f).collect(Collectors.joining()),
                        c.approval().expiresAt() == null ? "not approved yet"
                                : Times.stamp(c.approval().expiresAt())))
                .toList();
    }

    static List<AcknowledgementRow> acknowledgements(List<AcknowledgedDrift> drift) {
        return drift.stream()
                .map(a -> new AcknowledgementRow(a.key().toString(),
                        a.fields().stream().map(FieldChange::field).collect(Collectors.joining(", ")), a.reason(), a.until()))
                .toList();
    }

    private static String fieldChange(FieldChange change) {
        FieldRow row = field(change);
        return row.field() + ": " + String.join(", ", row.inAws()) + " → " + String.join(", ", row.inSpec());
    }

    /** As the text plan shows it: sets and maps by what differs, sensitive fields as digests. */
    static FieldRow field(FieldChange change) {
        if (change.sensitive()) {
            return new FieldRow(change.field(), List.of(PlanValues.text(change.shownBefore())), List.of(PlanValues.text(change.shownAfter())), false);
        }
        if (change.before() instanceof Collection<?> || change.after() instanceof Collection<?>) {
            return new FieldRow(change.field(), texts(change.removed()), texts(change.added()), true);
        }
        if (change.after() instanceof Map<?, ?> wanted) {
            Map<?, ?> had = change.before() instanceof Map<?, ?> m ? m : Map.of();
            List<String> inAws = new ArrayList<>();
            List<String> inSpec = new ArrayList<>();
            wanted.keySet().stream().map(Object::toString).sorted().forEach(key -> {
                if (!Objects.equals(had.get(key), wanted.get(key))) {
                    inAws.add(key + ": " + PlanValues.text(had.get(key)));
                    inSpec.add(key + ": " + PlanValues.text(wanted.get(key)));
                }
            });
            return new FieldRow(change.field(), inAws, inSpec, true);
        }
        return new FieldRow(change.field(), List.of(PlanValues.text(change.before())), List.of(PlanValues.text(change.after())), false);
    }

    private static List<String> texts(Collection<Object> values) {
        return values.stream().map(PlanValues::text).toList();
    }

    private static UnmanagedView unmanaged(UnmanagedReport report) {
        if (report == null) {
            return null;
        }
        return new UnmanagedView(
                report.objects().stream().map(o -> new UnmanagedRow(o.kind(), o.awsId(), o.name(), o.vpc())).toList(),
                report.failed().entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList());
    }
}
