package dev.converge.model;

import java.util.List;
import java.util.Map;

/** One declared resource: its identity, the environment it belongs to and its kind-specific spec. */
public record Resource(ResourceKey key, String environment, Map<String, String> labels, KindSpec spec) {

    public Resource {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    public String name() {
        return key.name();
    }

    public String kind() {
        return key.kind();
    }

    public Map<String, String> tags() {
        return spec.tags() == null ? Map.of() : spec.tags();
    }

    public Management management() {
        return spec.management() == null ? Management.DEFAULT : spec.management();
    }

    public List<Reference> references() {
        return spec.references();
    }

    /** The spec cast to its kind's type; drivers call this with the type they handle. */
    public <T extends KindSpec> T spec(Class<T> type) {
        return type.cast(spec);
    }
}
