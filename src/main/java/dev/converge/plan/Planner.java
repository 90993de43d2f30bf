package dev.converge.plan;

import static dev.converge.model.KindSpec.TAGS;

import dev.converge.model.Acknowledgement;
import dev.converge.model.Environment;
import dev.converge.model.Ownership;
import dev.converge.model.Resource;
import dev.converge.model.ResourceKey;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The pure heart of Converge: turns what the spec declares and what AWS holds into an ordered plan with
 * field-level differences. It knows nothing about AWS; the same plan is printed, reported and executed.
 */
public final class Planner {

    private final String controller;
    private final DependencyOrder order;
    private final Clock clock;

    public Planner(String controller, DependencyOrder order) {
        this(controller, order, Clock.systemUTC());
    }

    /** @param clock tells which acknowledgements still hold: those whose last day is not over (UTC) */
    public Planner(String controller, DependencyOrder order, Clock clock) {
        this.controller = controller;
        this.order = order;
        this.clock = clock;
    }

    public Plan plan(Environment environment, List<Resource> desired, ObservedState observed) {
        List<Change> changes = new ArrayList<>();
        List<AcknowledgedDrift> acknowledged = new ArrayList<>();
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        Set<ResourceKey> declared = new java.util.HashSet<>();
        for (Resource resource : order.creationOrder(desired)) {
            declared.add(resource.key());
            Map<String, Object> wanted = desiredFields(environment, resource);
            Optional<ObservedResource> owned = observed.get(resource.key()).filter(ObservedResource::owned);
            if (observed.twinned(resource.key())) {
                changes.add(twins(resource.key(), resource, observed));
            } else if (owned.isEmpty() && resource.management().adopt() != null) {
                changes.add(adopt(resource, wanted, observed.adoptable(resource.key())));
            } else {
                observed.get(resource.key())
                        .ifPresentOrElse(
                                live -> planExisting(resource, wanted, live, today, acknowledged).ifPresent(changes::add),
                                () -> changes.add(create(resource, wanted)));
            }
        }
        List<ResourceKey> undeclared = observed.keys().stream()
                .filter(key -> !declared.contains(key) && observed.all(key).stream().anyMatch(ObservedResource::owned))
                .sorted(order.byKind().reversed())
                .toList();
        for (ResourceKey key : undeclared) {
            if (observed.twinned(key)) {
                changes.add(twins(key, null, observed));
                continue;
            }
            ObservedResource live = observed.get(key).orElseThrow();
            Optional<Boolean> own = Ownership.pruneSetting(live.tags());
            String setting = own.isPresent() ? "its management.prune" : "prune";
            if (!own.orElse(environment.prune())) {
                changes.add(new Change(live.key(), Action.ORPHAN, List.of(), null, live,
                        "removed from the spec; " + setting + " is off, so it is left in place"));
            } else if (live.protection() != null) {
                changes.add(new Change(live.key(), Action.PROTECTED, List.of(), null, live,
                        "removed from the spec and " + setting + " is on, but " + live.protection() + ", so it is left in place"));
            } else {
                changes.add(new Change(live.key(), Action.DELETE, List.of(), null, live, "removed from the spec; " + setting + " is on"));
            }
        }
        return new Plan(environment.name(), changes, acknowledged);
    }

    /** The spec's declared fields plus the tags every managed resource carries. */
    public Map<String, Object> desiredFields(Environment environment, Resource resource) {
        Map<String, Object> fields = new LinkedHashMap<>(resource.spec().properties());
        fields.put(TAGS, Ownership.desiredTags(controller, environment, resource));
        return fields;
    }

    /**
     * Several AWS objects carry one identity (a create retried after a lost answer, a copy made by hand):
     * which one is the resource is a person's call, so none is changed, deleted or referred to.
     */
    private static Change twins(ResourceKey key, Resource resource, ObservedState observed) {
        List<ObservedResource> all = observed.all(key);
        String ids = String.join(", ", all.stream()
                .map(r -> r.owned() ? r.awsId() : r.awsId() + " (without Converge's ownership tags)")
                .toList());
        return new Change(key, Action.CONFLICT, List.of(), resource, all.get(0),
                all.size() + " AWS objects carry " + key + ": " + ids
                        + "; none is changed or deleted until all but one are removed or retagged");
    }

    private static Change create(Resource resource, Map<String, Object> wanted) {
        List<FieldChange> fields = new ArrayList<>();
        wanted.forEach((field, value) -> fields.add(new FieldChange(field, null, value)));
        return new Change(resource.key(), Action.CREATE, fields, resource, null, null);
    }

    /**
     * A resource that no managed object holds and that names an existing one to adopt: the adoption, with
     * every declared field it brings, once the object is found; never a create in its place.
     */
    private static Change adopt(Resource resource, Map<String, Object> wanted, Optional<ObservedResource> found) {
        String adopt = resource.management().adopt();
        if (found.isEmpty()) {
            return new Change(resource.key(), Action.CONFLICT, List.of(), resource, null,
                    "management.adopt names " + adopt + ", which does not exist (or carries another resource's tags);"
                            + " nothing is created while adopt names it");
        }
        return new Change(resource.key(), Action.ADOPT, differences(resource, wanted, found.get()), resource, found.get(),
                "adopts " + adopt + ": Converge's tags are written onto it, then the declared fields converge");
    }

    private static java.util.Optional<Change> planExisting(Resource resource, Map<String, Object> wanted, ObservedResource live,
            LocalDate today, List<AcknowledgedDrift> acknowledged) {
        if (!live.owned()) {
            return java.util.Optional.of(new Change(resource.key(), Action.CONFLICT, List.of(), resource, live,
                    live.awsId() + " already exists without Converge's ownership tags; it is never changed"));
        }
        List<FieldChange> differences = new ArrayList<>();
        for (FieldChange difference : differences(resource, wanted, live)) {
            Optional<Acknowledgement> holding = resource.management().acknowledge().stream()
                    .filter(a -> a.fields().contains(difference.field()) && a.holdsOn(today))
                    .findFirst();
            holding.ifPresentOrElse(
                    a -> acknowledge(acknowledged, resource, difference, a),
                    () -> differences.add(difference));
        }
        if (differences.isEmpty()) {
            return java.util.Optional.empty();
        }
        Set<String> immutable = resource.spec().replacementFields();
        List<String> needReplacement = differences.stream()
                .map(FieldChange::field)
                .filter(immutable::contains)
                .toList();
        if (needReplacement.isEmpty()) {
            List<String> unreachable = differences.stream()
                    .map(FieldChange::field)
                    .filter(live.unreachable()::containsKey)
                    .map(live.unreachable()::get)
                    .toList();
            return java.util.Optional.of(unreachable.isEmpty()
                    ? new Change(resource.key(), Action.UPDATE, differences, resource, live, null)
                    : new Change(resource.key(), Action.UPDATE_BLOCKED, differences, resource, live, String.join("; ", unreachable)));
        }
        if (resource.management().allowReplacement() && live.protection() != null) {
            return java.util.Optional.of(new Change(resource.key(), Action.REPLACEMENT_BLOCKED, differences, resource, live,
                    String.join(", ", needReplacement) + " cannot change in place, and " + live.protection()
                            + ", so it is not replaced"));
        }
        if (resource.management().allowReplacement()) {
            return java.util.Optional.of(new Change(resource.key(), Action.REPLACE, differences, resource, live,
                    "replacement needed for " + String.join(", ", needReplacement)));
        }
        return java.util.Optional.of(new Change(resource.key(), Action.REPLACEMENT_BLOCKED, differences, resource, live,
                String.join(", ", needReplacement) + " cannot change in place; set management.allowReplacement to replace"));
    }

    /** Adds the difference to the resource's acknowledged drift under the acknowledgement that holds it. */
    private static void acknowledge(List<AcknowledgedDrift> acknowledged, Resource resource, FieldChange found,
            Acknowledgement acknowledgement) {
        FieldChange difference = found.marked(resource.spec().sensitiveFields());
        for (int i = 0; i < acknowledged.size(); i++) {
            AcknowledgedDrift drift = acknowledged.get(i);
            if (drift.key().equals(resource.key()) && drift.reason().equals(acknowledgement.reason())
                    && drift.until().equals(acknowledgement.until())) {
                List<FieldChange> fields = new ArrayList<>(drift.fields());
                fields.add(difference);
                acknowledged.set(i, new AcknowledgedDrift(drift.key(), fields, drift.reason(), drift.until()));
                return;
            }
        }
        acknowledged.add(new AcknowledgedDrift(resource.key(), List.of(difference), acknowledgement.reason(), acknowledgement.until()));
    }

    /** Declared fields that differ, skipping ignored ones; maps compare only the keys the spec declares. */
    static List<FieldChange> differences(Resource resource, Map<String, Object> wanted, ObservedResource live) {
        List<FieldChange> differences = new ArrayList<>();
        List<String> ignored = resource.management().ignoreChanges();
        for (Map.Entry<String, Object> entry : wanted.entrySet()) {
            String field = entry.getKey();
            if (ignored.contains(field)) {
                continue;
            }
            Object want = entry.getValue();
            Object have = field.equals(TAGS) ? live.tags() : live.properties().get(field);
            if (want instanceof Map<?, ?> wantMap) {
                Map<Object, Object> before = new LinkedHashMap<>();
                Map<Object, Object> after = new LinkedHashMap<>();
                Map<?, ?> haveMap = have instanceof Map<?, ?> m ? m : Map.of();
                wantMap.forEach((k, v) -> {
                    if (!Objects.equals(v, haveMap.get(k))) {
                        before.put(k, haveMap.get(k));
                        after.put(k, v);
                    }
                });
                if (!after.isEmpty()) {
                    differences.add(new FieldChange(field, before, after));
                }
            } else if (!Objects.equals(want, have)) {
                differences.add(new FieldChange(field, have, want));
            }
        }
        return differences;
    }
}
