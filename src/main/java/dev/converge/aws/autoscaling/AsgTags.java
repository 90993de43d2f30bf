package dev.converge.aws.autoscaling;

import dev.converge.aws.DriverContext;
import dev.converge.aws.OwnedTags;
import dev.converge.model.Ownership;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.autoscaling.model.Filter;
import software.amazon.awssdk.services.autoscaling.model.Tag;
import software.amazon.awssdk.services.autoscaling.model.TagDescription;

/**
 * Tags of Auto Scaling groups: how managed groups are found, and which tags are propagated to the
 * instances a group launches (all but the ownership tags).
 */
final class AsgTags {

    private static final String GROUP = "auto-scaling-group";

    private AsgTags() {}

    /** Server-side filters for one environment's managed groups; results are still checked client-side. */
    static List<Filter> ownedBy(DriverContext context) {
        return List.of(
                Filter.builder().name("tag:" + Ownership.MANAGED_BY).values(context.controller()).build(),
                Filter.builder().name("tag:" + Ownership.ENVIRONMENT).values(context.environment().name()).build());
    }

    static List<Tag> of(String group, Map<String, String> tags) {
        Map<String, String> propagated = Ownership.propagated(tags);
        return OwnedTags.toList(tags, (key, value) -> Tag.builder()
                .resourceId(group)
                .resourceType(GROUP)
                .key(key)
                .value(value)
                .propagateAtLaunch(propagated.containsKey(key))
                .build());
    }

    static Map<String, String> toMap(List<TagDescription> tags) {
        return OwnedTags.toMap(tags, TagDescription::key, TagDescription::value);
    }
}
