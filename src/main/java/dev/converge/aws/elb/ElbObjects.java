package dev.converge.aws.elb;

import dev.converge.aws.DriverContext;
import dev.converge.model.Resource;
import dev.converge.model.ResourceKey;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The names Converge gives load balancers and target groups. An object without Converge's tags that
 * holds the name of a declared resource is that resource's conflict: ELBv2 names
 * are unique per account and region, and CreateLoadBalancer with a taken name and the same settings
 * returns the existing load balancer instead of failing, so such an object must be seen, never created
 * over.
 */
final class ElbObjects {

    private ElbObjects() {}

    /** The AWS name of a declared load balancer or target group: at most 32 characters, checked by validation. */
    static String nameOf(Resource resource, DriverContext context) {
        return context.environment().name() + "-" + resource.name();
    }

    /** Declared resources by the AWS name Converge gives them. */
    static Map<String, ResourceKey> byName(List<Resource> declared, DriverContext context) {
        Map<String, ResourceKey> names = new HashMap<>();
        declared.forEach(resource -> names.put(nameOf(resource, context), resource.key()));
        return names;
    }
}
