package dev.converge.plan;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one pass found unmanaged in an environment's reach.
 *
 * @param kinds the kinds the report looked at, also those where it found nothing
 * @param objects what it found, by kind and id
 * @param failed the kinds whose report could not be read, each with why
 */
public record UnmanagedReport(List<String> kinds, List<UnmanagedObject> objects, Map<String, String> failed) {

    public UnmanagedReport {
        kinds = List.copyOf(kinds);
        objects = objects.stream()
                .sorted(Comparator.comparing(UnmanagedObject::kind).thenComparing(UnmanagedObject::awsId))
                .toList();
        failed = Map.copyOf(failed);
    }

    /** How many objects of each kind looked at were found; a kind with none reads 0. */
    public Map<String, Integer> countsByKind() {
        Map<String, Integer> counts = new TreeMap<>();
        kinds.stream().filter(kind -> !failed.containsKey(kind)).forEach(kind -> counts.put(kind, 0));
        objects.forEach(o -> counts.merge(o.kind(), 1, Integer::sum));
        return counts;
    }
}
