package dev.converge.aws.autoscaling;

import dev.converge.model.Ownership;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.autoscaling.model.Tag;
import software.amazon.awssdk.services.autoscaling.model.TagDescription;

/** Tags of Auto Scaling groups: all but the ownership tags are propagated to the instances the group launches. */
final class AsgTags {

    private static final String GROUP = "auto-scaling-group";

    private AsgTags() {}

    static List<Tag> of(String group, Map<String, String> tags) {
        Map<String, String> propagated = Ownership.propagated(tags);
        return tags.entrySet().stream()
                .map(e -> Tag.builder()
                        .resourceId(group)
                        .resourceType(GROUP)
                        .key(e.getKey())
                        .value(e.getValue())
                        .propagateAtLaunch(propagated.containsKey(e.getKey()))
                        .build())
                .toList();
    }

    static Map<String, String> toMap(List<TagDescription> tags) {
        Map<String, String> map = new LinkedHashMap<>();
        tags.forEach(t -> map.put(t.key(), t.value()));
        return map;
    }
}
