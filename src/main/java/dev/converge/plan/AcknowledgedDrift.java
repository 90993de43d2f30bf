package dev.converge.plan;

import dev.converge.model.ResourceKey;
import java.util.List;

/**
 * Drift a person acknowledged in the spec: fields that differ and are left as they are until the day
 * after {@code until}, neither corrected nor counted as drift.
 *
 * @param fields the acknowledged fields that differ now, before (AWS) and after (spec)
 * @param until the last day the acknowledgement holds, {@code YYYY-MM-DD}
 */
public record AcknowledgedDrift(ResourceKey key, List<FieldChange> fields, String reason, String until) {

    public AcknowledgedDrift {
        fields = List.copyOf(fields);
    }

    public String kind() {
        return key.kind();
    }
}
