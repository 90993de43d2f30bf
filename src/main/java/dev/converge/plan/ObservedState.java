package dev.converge.plan;

import dev.converge.model.ResourceKey;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything observed in one environment during one pass, keyed by the {@code converge:resource} tag.
 * Drivers observe kind by kind and use the kinds observed before theirs to turn AWS ids back into spec
 * names (a subnet's VPC id into {@code vpc: prod}).
 */
public final class ObservedState {

    private final Map<ResourceKey, ObservedResource> byKey = new LinkedHashMap<>();
    private final Map<String, ResourceKey> keyById = new LinkedHashMap<>();

    public static ObservedState of(Collection<ObservedResource> resources) {
        ObservedState state = new ObservedState();
        resources.forEach(state::add);
        return state;
    }

    /** Adds a resource; the first one seen for a key wins, so duplicates never replace the original. */
    public void add(ObservedResource resource) {
        if (byKey.putIfAbsent(resource.key(), resource) == null && resource.awsId() != null) {
            keyById.put(resource.awsId(), resource.key());
        }
    }

    public void addAll(Collection<ObservedResource> resources) {
        resources.forEach(this::add);
    }

    public Optional<ObservedResource> get(ResourceKey key) {
        return Optional.ofNullable(byKey.get(key));
    }

    public Optional<String> idOf(ResourceKey key) {
        return get(key).map(ObservedResource::awsId);
    }

    /** The spec name of the managed resource of this kind with this AWS id, if Converge manages it. */
    public Optional<String> nameOf(String kind, String awsId) {
        ResourceKey key = keyById.get(awsId);
        return key != null && key.kind().equals(kind) ? Optional.of(key.name()) : Optional.empty();
    }

    /** The spec name if managed, otherwise the raw AWS id: how references to foreign resources are shown. */
    public String nameOrId(String kind, String awsId) {
        return nameOf(kind, awsId).orElse(awsId);
    }

    public List<ObservedResource> all() {
        return List.copyOf(byKey.values());
    }
}
