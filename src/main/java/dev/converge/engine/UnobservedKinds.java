package dev.converge.engine;

import dev.converge.model.Reference;
import dev.converge.model.Resource;
import dev.converge.model.ResourceKey;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a round can still do when some kinds could not be observed (a describe timed out, a permission is
 * missing): every other kind is planned and converged, so one failing describe never holds the whole
 * environment back pass after pass. Pure.
 *
 * <p>Nothing is planned for an unobserved kind: not knowing what exists, a create could make a twin. A
 * resource that refers to one, directly or through others, is planned but not changed: its references
 * cannot be read back without the kind they name, so its differences may be artefacts.
 */
final class UnobservedKinds {

    private UnobservedKinds() {}

    /** The declared resources of the kinds that were observed. */
    static List<Resource> observable(List<Resource> resources, Map<String, String> failedKinds) {
        return resources.stream().filter(r -> !failedKinds.containsKey(r.kind())).toList();
    }

    /** The observed kinds' resources that refer, directly or not, to a resource of a failed kind; each with why it waits. */
    static Map<ResourceKey, String> dependents(List<Resource> resources, Map<String, String> failedKinds) {
        // for each resource known to be unreadable, the root cause: which kind failed and how
        Map<ResourceKey, String> cause = new HashMap<>();
        resources.stream()
                .filter(r -> failedKinds.containsKey(r.kind()))
                .forEach(r -> cause.put(r.key(), r.kind() + " could not be observed: " + failedKinds.get(r.kind())));
        Map<ResourceKey, String> waits = new HashMap<>();
        boolean grew = !cause.isEmpty();
        while (grew) {
            grew = false;
            for (Resource resource : resources) {
                if (cause.containsKey(resource.key())) {
                    continue;
                }
                for (Reference reference : resource.references()) {
                    String root = cause.get(reference.target());
                    if (root != null) {
                        cause.put(resource.key(), root);
                        waits.put(resource.key(), "waits for " + reference.target() + "; " + root);
                        grew = true;
                        break;
                    }
                }
            }
        }
        return waits;
    }
}
