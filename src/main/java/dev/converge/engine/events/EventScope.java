package dev.converge.engine.events;

import dev.converge.engine.Attribution;
import dev.converge.engine.PassScope;
import dev.converge.model.ResourceKey;
import dev.converge.plan.ObservedResource;
import dev.converge.plan.ObservedState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a batch of events asks of a pass, against what the environment's last pass observed: each event
 * that names a resource Converge manages makes that resource's kind re-observed, with the event's
 * caller as the cause of its drift; one that names only resources Converge does not manage changes
 * nothing; one that names no resource (a record without the fields, or no observation yet) makes its
 * whole kind re-observed. Calls of kinds Converge does not manage are ignored.
 *
 * @param kinds the kinds to re-observe; empty when the batch needs no pass
 * @param causes the newest event naming each managed resource
 * @param verdicts what became of each event, in the batch's order
 */
record EventScope(Set<String> kinds, Map<ResourceKey, Attribution> causes, List<Verdict> verdicts) {

    enum Outcome {
        /** Names a resource Converge manages: its kind is re-observed. */
        MATCHED,
        /** Names no resource: its kind is re-observed. */
        UNMAPPED,
        /** Names resources Converge does not manage: nothing to do. */
        UNMANAGED,
        /** A call of no kind Converge manages. */
        IGNORED
    }

    record Verdict(CloudTrailEvent event, Outcome outcome, Optional<String> kind, List<ResourceKey> resources) {}

    static EventScope of(List<CloudTrailEvent> events, Optional<ObservedState> observed) {
        Set<String> kinds = new TreeSet<>();
        Map<ResourceKey, Attribution> causes = new HashMap<>();
        List<Verdict> verdicts = new ArrayList<>();
        for (CloudTrailEvent event : events) {
            Optional<CloudTrailTargets.Target> target = CloudTrailTargets.of(event);
            if (target.isEmpty()) {
                verdicts.add(new Verdict(event, Outcome.IGNORED, Optional.empty(), List.of()));
                continue;
            }
            String kind = target.get().kind();
            List<String> names = event.values(target.get().fields());
            if (names.isEmpty() || observed.isEmpty()) {
                kinds.add(kind);
                verdicts.add(new Verdict(event, Outcome.UNMAPPED, Optional.of(kind), List.of()));
                continue;
            }
            List<ResourceKey> managed = observed.get().all().stream()
                    .filter(r -> r.owned() && r.key().kind().equals(kind) && names.stream().anyMatch(n -> names(r, n)))
                    .map(ObservedResource::key)
                    .distinct()
                    .toList();
            if (managed.isEmpty()) {
                verdicts.add(new Verdict(event, Outcome.UNMANAGED, Optional.of(kind), List.of()));
                continue;
            }
            kinds.add(kind);
            managed.forEach(key -> causes.merge(key, event.attribution(), (a, b) -> b.time().isAfter(a.time()) ? b : a));
            verdicts.add(new Verdict(event, Outcome.MATCHED, Optional.of(kind), managed));
        }
        return new EventScope(Set.copyOf(kinds), causes, verdicts);
    }

    /**
     * Whether a value of the record names the resource: its AWS id itself, or an ARN or URL ending in it,
     * or the id is an ARN or URL ending in the value (a bucket name, a group name).
     */
    private static boolean names(ObservedResource resource, String value) {
        String id = resource.awsId();
        return id != null && (id.equals(value) || endsWithPart(value, id) || endsWithPart(id, value));
    }

    private static boolean endsWithPart(String whole, String part) {
        return whole.endsWith("/" + part) || whole.endsWith(":" + part);
    }

    boolean needsPass() {
        return !kinds.isEmpty();
    }

    /**
     * The kinds to re-read, and for each kind whose every event named managed resources, only those (a
     * driver that can read some of its resources for less reads only them): an event naming no resource
     * makes its whole kind re-read.
     */
    PassScope scope() {
        Map<String, Set<ResourceKey>> named = new HashMap<>();
        Set<String> whole = new TreeSet<>();
        for (Verdict verdict : verdicts) {
            verdict.kind().ifPresent(kind -> {
                switch (verdict.outcome()) {
                    case MATCHED -> named.computeIfAbsent(kind, k -> new HashSet<>()).addAll(verdict.resources());
                    case UNMAPPED -> whole.add(kind);
                    default -> { }
                }
            });
        }
        whole.forEach(named::remove);
        return PassScope.of(kinds, causes, named);
    }
}
