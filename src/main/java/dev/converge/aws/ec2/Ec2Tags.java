package dev.converge.aws.ec2;

import dev.converge.aws.DriverContext;
import dev.converge.model.Ownership;
import dev.converge.model.ResourceKey;
import dev.converge.plan.FieldChange;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/** Ownership tags on EC2 resources: the filters that find them, the specs that write them, reading them back. */
public final class Ec2Tags {

    private Ec2Tags() {}

    /** Server-side filters for one environment's managed resources; results are still checked client-side. */
    public static List<Filter> ownedBy(DriverContext context) {
        return List.of(
                Filter.builder().name("tag:" + Ownership.MANAGED_BY).values(context.controller()).build(),
                Filter.builder().name("tag:" + Ownership.ENVIRONMENT).values(context.environment().name()).build());
    }

    public static TagSpecification specification(ResourceType type, Map<String, String> tags) {
        return TagSpecification.builder().resourceType(type).tags(toTags(tags)).build();
    }

    public static Map<String, String> toMap(List<Tag> tags) {
        Map<String, String> map = new LinkedHashMap<>();
        tags.forEach(t -> map.put(t.key(), t.value()));
        return map;
    }

    /**
     * The spec key of a resource of the given kind, if its tags say this controller manages it in this
     * environment. Also guards against APIs that ignore tag filters (moto's DescribeNatGateways).
     */
    public static Optional<ResourceKey> ownedKey(Map<String, String> tags, String kind, DriverContext context) {
        if (!Ownership.isOwned(tags, context.controller(), context.environment().name())) {
            return Optional.empty();
        }
        ResourceKey key = ResourceKey.parse(tags.get(Ownership.RESOURCE));
        return key.kind().equals(kind) ? Optional.of(key) : Optional.empty();
    }

    /** Writes the tags a {@code tags} field change asks for; tags the spec does not declare stay. */
    public static void apply(Ec2Client ec2, String resourceId, FieldChange change) {
        @SuppressWarnings("unchecked")
        Map<String, String> wanted = (Map<String, String>) change.after();
        ec2.createTags(r -> r.resources(resourceId).tags(toTags(wanted)));
    }

    static List<Tag> toTags(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }
}
