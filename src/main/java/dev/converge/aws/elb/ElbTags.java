package dev.converge.aws.elb;

import dev.converge.aws.OwnedTags;
import dev.converge.plan.FieldChange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TagDescription;

/**
 * Tags of load balancers, target groups, listeners and rules. ELBv2 lists none of them by tag, so the
 * tags of everything listed are read with DescribeTags, as many ARNs per call as it takes.
 */
final class ElbTags {

    /** DescribeTags takes at most this many ARNs. */
    static final int BATCH = 20;

    private ElbTags() {}

    /** The tags of every ARN, by ARN, in ceil(n / 20) calls. */
    static Map<String, Map<String, String>> of(ElasticLoadBalancingV2Client elb, List<String> arns) {
        Map<String, Map<String, String>> tags = new HashMap<>();
        for (int from = 0; from < arns.size(); from += BATCH) {
            List<String> batch = new ArrayList<>(arns.subList(from, Math.min(arns.size(), from + BATCH)));
            for (TagDescription description : elb.describeTags(r -> r.resourceArns(batch)).tagDescriptions()) {
                tags.put(description.resourceArn(), OwnedTags.toMap(description.tags(), Tag::key, Tag::value));
            }
        }
        return tags;
    }

    static List<Tag> toTags(Map<String, String> tags) {
        return OwnedTags.toList(tags, (key, value) -> Tag.builder().key(key).value(value).build());
    }

    /** Writes the tags a {@code tags} field change asks for; tags the spec does not declare stay. */
    static void apply(ElasticLoadBalancingV2Client elb, String arn, FieldChange change) {
        @SuppressWarnings("unchecked")
        Map<String, String> wanted = (Map<String, String>) change.after();
        elb.addTags(r -> r.resourceArns(arn).tags(toTags(wanted)));
    }
}
