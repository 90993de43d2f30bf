package dev.converge.plan;

import dev.converge.model.ResourceKey;
import java.util.Map;

/**
 * A resource as read from AWS, mapped by its driver into the same normalised fields the spec uses.
 *
 * @param awsId the id AWS knows it by (a VPC id, a bucket name)
 * @param owned false for a resource that occupies a spec'd identity without carrying Converge's tags;
 *     such a resource is reported and never changed
 * @param details driver-specific data the driver needs to update or delete the resource later
 */
public record ObservedResource(
        ResourceKey key,
        String awsId,
        Map<String, Object> properties,
        Map<String, String> tags,
        boolean owned,
        Object details) {

    public ObservedResource {
        properties = Map.copyOf(properties);
        tags = Map.copyOf(tags);
    }

    public static ObservedResource owned(
            ResourceKey key, String awsId, Map<String, Object> properties, Map<String, String> tags, Object details) {
        return new ObservedResource(key, awsId, properties, tags, true, details);
    }

    public static ObservedResource foreign(ResourceKey key, String awsId, Map<String, String> tags) {
        return new ObservedResource(key, awsId, Map.of(), tags, false, null);
    }

    public <T> T details(Class<T> type) {
        return type.cast(details);
    }
}
