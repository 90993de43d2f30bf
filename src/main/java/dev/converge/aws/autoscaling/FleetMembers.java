package dev.converge.aws.autoscaling;

import dev.converge.aws.PageSizes;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;

/**
 * The instances of groups with the image each runs, which Auto Scaling does not report: one paginated
 * DescribeInstances for all of them.
 */
final class FleetMembers {

    /** EC2 accepts at most this many values in one filter. */
    private static final int FILTER_VALUES = 200;

    private FleetMembers() {}

    /** Each group's members, by group name. */
    static Map<String, List<FleetMember>> of(Ec2Client ec2, List<AutoScalingGroup> groups) {
        Map<String, String> images = images(ec2, groups.stream().flatMap(g -> g.instances().stream()).map(Instance::instanceId).toList());
        Map<String, List<FleetMember>> members = new LinkedHashMap<>();
        for (AutoScalingGroup group : groups) {
            members.put(group.autoScalingGroupName(), group.instances().stream()
                    .map(i -> new FleetMember(i.instanceId(), i.lifecycleStateAsString(),
                            i.launchTemplate() == null ? null : i.launchTemplate().version(),
                            images.get(i.instanceId()), i.instanceType()))
                    .toList());
        }
        return members;
    }

    private static Map<String, String> images(Ec2Client ec2, List<String> ids) {
        Map<String, String> images = new HashMap<>();
        // A filter rather than InstanceIds: an instance that terminated meanwhile is simply absent.
        for (int from = 0; from < ids.size(); from += FILTER_VALUES) {
            Filter byId = Filter.builder().name("instance-id").values(ids.subList(from, Math.min(ids.size(), from + FILTER_VALUES))).build();
            ec2.describeInstancesPaginator(r -> r.filters(byId).maxResults(PageSizes.EC2)).reservations()
                    .forEach(reservation -> reservation.instances().forEach(i -> images.put(i.instanceId(), i.imageId())));
        }
        return images;
    }
}
