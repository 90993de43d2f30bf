package dev.converge.aws.elb;

import dev.converge.aws.DriverContext;
import dev.converge.model.Resource;
import dev.converge.model.ResourceKey;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How load balancers and target groups are told apart: by their ownership tags, or, for an object
 * without them that holds the name Converge would give a declared resource, as a conflict. ELBv2 names
 * are unique per account and region, and CreateLoadBalancer with a taken name and the same settings
 * returns the existing load balancer instead of failing, so such an object must be seen, never created
 * over.
 */
final class ElbObjects {

    private ElbObjects() {}

    /** The AWS name of a declared load balancer or target group: at most 32 characters, checked by validation. */
    static String nameOf(Resource resource, DriverContext context) {
        return nameOf(resource.name(), context.environment().name());
    }

    static String nameOf(String resource, String environment) {
        return environment + "-" + resource;
    }

    /** Declared resources by the AWS name Converge gives them. */
    static Map<String, ResourceKey> byName(List<Resource> declared, DriverContext context) {
        Map<String, ResourceKey> names = new HashMap<>();
        declared.forEach(resource -> names.put(nameOf(resource, context), resource.key()));
        return names;
    }
}
