package dev.converge.plan;

import dev.converge.model.ResourceKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything observed in one environment during one pass, keyed by the {@code converge:resource} tag.
 * Drivers observe kind by kind and use the kinds observed before theirs to turn AWS ids back into spec
 * names (a subnet's VPC id into {@code vpc: prod}). Every object is kept, also when several carry one
 * identity: such twins are a conflict that people must see, never something to pick one of.
 */
public final class ObservedState {

    private final Map<ResourceKey, List<ObservedResource>> byKey = new LinkedHashMap<>();
    private final Map<String, ResourceKey> keyById = new LinkedHashMap<>();
    private final Map<ResourceKey, ObservedResource> adoptable = new LinkedHashMap<>();

    public static ObservedState of(Collection<ObservedResource> resources) {
        ObservedState state = new ObservedState();
        resources.forEach(state::add);
        return state;
    }

    public void add(ObservedResource resource) {
        byKey.computeIfAbsent(resource.key(), k -> new ArrayList<>()).add(resource);
        if (resource.awsId() != null) {
            keyById.putIfAbsent(resource.awsId(), resource.key());
        }
    }

    public void addAll(Collection<ObservedResource> resources) {
        resources.forEach(this::add);
    }

    /** The object observed first for the key; see {@link #twinned} before acting on it. */
    public Optional<ObservedResource> get(ResourceKey key) {
        List<ObservedResource> found = byKey.get(key);
        return found == null ? Optional.empty() : Optional.of(found.get(0));
    }

    /** Every object observed for the key, in the order observed. */
    public List<ObservedResource> all(ResourceKey key) {
        return List.copyOf(byKey.getOrDefault(key, List.of()));
    }

    /** Whether more than one AWS object carries the key: a conflict, never changed, deleted or referred to. */
    public boolean twinned(ResourceKey key) {
        return byKey.getOrDefault(key, List.of()).size() > 1;
    }

    public Optional<String> idOf(ResourceKey key) {
        return get(key).map(ObservedResource::awsId);
    }

    /** Whether an object with this AWS id was observed under this key. */
    public boolean lists(ResourceKey key, String awsId) {
        return byKey.getOrDefault(key, List.of()).stream().anyMatch(r -> r.awsId() != null && r.awsId().equals(awsId));
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

    /**
     * An existing object without Converge's tags that a declared resource adopts ({@code management.adopt}),
     * read as that resource. It is kept apart from what Converge owns: nothing refers to it until adopted.
     */
    public void addAdoptable(ObservedResource resource) {
        adoptable.put(resource.key(), resource);
    }

    /** The object the resource of this key adopts, if it was found. */
    public Optional<ObservedResource> adoptable(ResourceKey key) {
        return Optional.ofNullable(adoptable.get(key));
    }

    /** Every object found to adopt. */
    public List<ObservedResource> adoptable() {
        return List.copyOf(adoptable.values());
    }

    /** Every observed object, twins included. */
    public List<ObservedResource> all() {
        return byKey.values().stream().flatMap(List::stream).toList();
    }

    /** The keys observed, each once. */
    public List<ResourceKey> keys() {
        return List.copyOf(byKey.keySet());
    }
}
