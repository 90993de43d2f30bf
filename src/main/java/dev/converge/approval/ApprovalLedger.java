package dev.converge.approval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.converge.engine.Approvals;
import dev.converge.plan.Action;
import dev.converge.plan.Approval;
import dev.converge.plan.Change;
import dev.converge.plan.FieldChange;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * The approvals of one installation over its store: the steps passes hold, the approvals people give
 * ({@code converge approve}, {@code POST /api/approvals/{id}}), their expiry and their use. Every approval
 * given, used or expired is one JSON line on the {@code converge.audit} log, next to the AWS calls.
 */
public final class ApprovalLedger implements Approvals {

    private static final Logger AUDIT = Logger.getLogger("converge.audit");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ApprovalStore store;
    private final Duration expireAfter;
    private final Clock clock;

    /** @param expireAfter how long an approval stays usable after it was given */
    public ApprovalLedger(ApprovalStore store, Duration expireAfter, Clock clock) {
        if (expireAfter.isNegative() || expireAfter.isZero()) {
            throw new IllegalArgumentException("converge.approvals.expire-after must be positive, not " + expireAfter);
        }
        this.store = store;
        this.expireAfter = expireAfter;
        this.clock = clock;
    }

    /** An approval asked for an id no pass holds. */
    public static final class UnknownApproval extends RuntimeException {
        public UnknownApproval(String message) {
            super(message);
        }
    }

    @Override
    public Map<String, Approval> inForce() {
        Instant now = clock.instant();
        Map<String, Approval> inForce = new TreeMap<>();
        store.read().values().stream()
                .filter(record -> record.inForce(now))
                .forEach(record -> inForce.put(record.id(),
                        new Approval(record.id(), action(record.step()), record.approvedBy(), Instant.parse(record.expiresAt()))));
        return inForce;
    }

    /**
     * Records what the environment's pass holds now: new held steps are added, held steps of the
     * environment that no pass holds any more go (the change they would have made is no longer planned),
     * and approvals that expired go with an audit line. Approvals in force stay.
     */
    @Override
    public void held(String environment, List<Change> held) {
        Instant now = clock.instant();
        Map<String, Change> byId = new LinkedHashMap<>();
        held.forEach(change -> byId.put(change.approval().id(), change));
        Map<String, ApprovalRecord> before = store.read();
        List<ApprovalRecord> expired = before.values().stream()
                .filter(r -> r.environment().equals(environment) && r.approved() && !r.inForce(now))
                .toList();
        if (expired.isEmpty() && before.keySet().containsAll(byId.keySet()) && before.values().stream()
                .noneMatch(r -> r.environment().equals(environment) && !r.approved() && !byId.containsKey(r.id()))) {
            return;
        }
        store.update(records -> {
            records.values().removeIf(r -> r.environment().equals(environment)
                    && (r.approved() ? !r.inForce(now) : !byId.containsKey(r.id())));
            byId.forEach((id, change) -> records.putIfAbsent(id, record(environment, change, now)));
            return records;
        });
        expired.forEach(record -> audit("expired", record));
    }

    @Override
    public void used(String environment, Change change) {
        String id = change.approval().id();
        Map<String, ApprovalRecord> before = store.read();
        store.update(records -> {
            records.remove(id);
            return records;
        });
        if (before.containsKey(id)) {
            audit("used", before.get(id));
        }
    }

    /**
     * Approves the held step with this id for {@link #expireAfter}; approving it again renews that.
     *
     * @throws UnknownApproval when no pass holds a step with this id
     */
    public ApprovalRecord approve(String id, String by) {
        if (by == null || by.isBlank()) {
            throw new IllegalArgumentException("an approval names who gives it");
        }
        Instant now = clock.instant();
        Map<String, ApprovalRecord> written = store.update(records -> {
            ApprovalRecord record = records.get(id);
            if (record != null) {
                records.put(id, record.approve(by, now, now.plus(expireAfter)));
            }
            return records;
        });
        ApprovalRecord approved = written.get(id);
        if (approved == null || !by.equals(approved.approvedBy())) {
            throw new UnknownApproval("no step awaits approval " + id + " in " + store.describe()
                    + pendingIds(written));
        }
        audit("approved", approved);
        return approved;
    }

    /** Every held step and approval in force, by id. */
    public Map<String, ApprovalRecord> records() {
        Instant now = clock.instant();
        Map<String, ApprovalRecord> records = new TreeMap<>(store.read());
        records.values().removeIf(r -> r.approved() && !r.inForce(now));
        return records;
    }

    public String where() {
        return store.describe();
    }

    private static String pendingIds(Map<String, ApprovalRecord> records) {
        List<String> pending = records.values().stream().filter(r -> !r.approved()).map(ApprovalRecord::id).toList();
        return pending.isEmpty() ? "; none is held now" : "; held now: " + String.join(", ", pending);
    }

    private static ApprovalRecord record(String environment, Change change, Instant now) {
        return new ApprovalRecord(change.approval().id(), environment, change.key().toString(), change.approval().step().label(),
                change.fields().stream().map(FieldChange::toString).toList(), now.toString(), null, null, null);
    }

    private static Action action(String step) {
        return Action.valueOf(step.toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    private static void audit(String outcome, ApprovalRecord record) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("environment", record.environment());
        line.put("resource", record.resource());
        line.put("action", record.step());
        line.put("approval", record.id());
        line.put("outcome", outcome);
        line.put("by", record.approvedBy());
        line.put("expiresAt", record.expiresAt());
        line.put("changes", record.changes());
        try {
            AUDIT.info(JSON.writeValueAsString(line));
        } catch (JsonProcessingException e) {
            AUDIT.info(line.toString());
        }
    }
}
