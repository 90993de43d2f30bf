package dev.converge.aws.ec2;

import dev.converge.aws.DriverContext;
import dev.converge.aws.OwnedTags;
import dev.converge.model.Ownership;
import dev.converge.plan.FieldChange;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/** Tags on EC2 resources: the filters that find managed ones, the specs that write them, reading them back. */
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
        return OwnedTags.toMap(tags, Tag::key, Tag::value);
    }

    /** Writes the tags a {@code tags} field change asks for; tags the spec does not declare stay. */
    public static void apply(Ec2Client ec2, String resourceId, FieldChange change) {
        @SuppressWarnings("unchecked")
        Map<String, String> wanted = (Map<String, String>) change.after();
        ec2.createTags(r -> r.resources(resourceId).tags(toTags(wanted)));
    }

    static List<Tag> toTags(Map<String, String> tags) {
        return OwnedTags.toList(tags, (key, value) -> Tag.builder().key(key).value(value).build());
    }
}
