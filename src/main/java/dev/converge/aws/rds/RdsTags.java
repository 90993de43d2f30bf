package dev.converge.aws.rds;

import dev.converge.aws.OwnedTags;
import dev.converge.plan.FieldChange;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.Tag;

/** Tags on RDS resources, which RDS addresses by ARN. */
final class RdsTags {

    private RdsTags() {}

    static List<Tag> toTags(Map<String, String> tags) {
        return OwnedTags.toList(tags, (key, value) -> Tag.builder().key(key).value(value).build());
    }

    static Map<String, String> toMap(List<Tag> tags) {
        return OwnedTags.toMap(tags, Tag::key, Tag::value);
    }

    static Map<String, String> read(RdsClient rds, String arn) {
        return toMap(rds.listTagsForResource(r -> r.resourceName(arn)).tagList());
    }

    /** Writes the tags a {@code tags} field change asks for; tags the spec does not declare stay. */
    static void apply(RdsClient rds, String arn, FieldChange change) {
        @SuppressWarnings("unchecked")
        Map<String, String> wanted = (Map<String, String>) change.after();
        rds.addTagsToResource(r -> r.resourceName(arn).tags(toTags(wanted)));
    }
}
