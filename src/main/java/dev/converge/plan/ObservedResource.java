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
 * @param progress what AWS is still doing to the resource by itself (instances launching, a member being
 *     created), or null when it has settled: a step needed again while AWS works on it is progress, not a
 *     fight, and never counts towards flapping
 * @param unreachable declared values AWS cannot move this resource to, by field, each with why (an engine
 *     version older than the live one): a difference in such a field is reported, never sent
 * @param protection why AWS refuses to delete the resource as it is (deletion protection on), or null:
 *     a delete or replacement of a protected resource is reported, never sent
 */
public record ObservedResource(
        ResourceKey key,
        String awsId,
        Map<String, Object> properties,
        Map<String, String> tags,
        boolean owned,
        Object details,
        String progress,
        Map<String, String> unreachable,
        String protection) {

    public ObservedResource {
        properties = Map.copyOf(properties);
        tags = Map.copyOf(tags);
        unreachable = Map.copyOf(unreachable);
    }

    public static ObservedResource owned(
            ResourceKey key, String awsId, Map<String, Object> properties, Map<String, String> tags, Object details) {
        return new ObservedResource(key, awsId, properties, tags, true, details, null, Map.of(), null);
    }

    public static ObservedResource foreign(ResourceKey key, String awsId, Map<String, String> tags) {
        return new ObservedResource(key, awsId, Map.of(), tags, false, null, null, Map.of(), null);
    }

    /** The same resource, observed while AWS is still working on it; a null {@code progress} means settled. */
    public ObservedResource withProgress(String progress) {
        return new ObservedResource(key, awsId, properties, tags, owned, details, progress, unreachable, protection);
    }

    /** The same resource, with the declared values AWS cannot move it to, by field, each with why. */
    public ObservedResource withUnreachable(Map<String, String> unreachable) {
        return new ObservedResource(key, awsId, properties, tags, owned, details, progress, unreachable, protection);
    }

    /** The same resource, which AWS refuses to delete for the reason given (null: it may be deleted). */
    public ObservedResource withProtection(String protection) {
        return new ObservedResource(key, awsId, properties, tags, owned, details, progress, unreachable, protection);
    }

    public boolean progressing() {
        return progress != null;
    }

    public <T> T details(Class<T> type) {
        return type.cast(details);
    }
}
