package dev.converge.aws.autoscaling;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;

/**
 * The image every instance of the groups runs, read in one paginated DescribeInstances: Auto Scaling
 * reports an instance's type and template version but not its image.
 */
final class InstanceImages {

    /** EC2 accepts at most this many values in one filter. */
    private static final int FILTER_VALUES = 200;

    private InstanceImages() {}

    static Map<String, String> of(Ec2Client ec2, List<AutoScalingGroup> groups) {
        List<String> ids = groups.stream().flatMap(g -> g.instances().stream()).map(Instance::instanceId).toList();
        Map<String, String> images = new HashMap<>();
        if (ids.isEmpty()) {
            return images;
        }
        // A filter rather than InstanceIds: an instance that terminated meanwhile is simply absent.
        for (int from = 0; from < ids.size(); from += FILTER_VALUES) {
            Filter byId = Filter.builder().name("instance-id").values(ids.subList(from, Math.min(ids.size(), from + FILTER_VALUES))).build();
            ec2.describeInstancesPaginator(r -> r.filters(byId)).reservations()
                    .forEach(reservation -> reservation.instances().forEach(i -> images.put(i.instanceId(), i.imageId())));
        }
        return images;
    }
}
