package dev.converge.aws;

import dev.converge.model.Environment;
import dev.converge.model.Mode;
import dev.converge.model.Resource;
import dev.converge.model.ResourceKey;
import dev.converge.model.RouteTableSpec;
import dev.converge.plan.ObservedState;
import dev.converge.testing.Harness;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Prints the client token of a route table's create, computed as {@code RouteTableDriver} computes it
 * (the VPC id and every tag the table carries), so that a test can compare it across JVMs. The many
 * tags make the iteration order of {@code Map.copyOf}, which is salted per JVM, differ between runs.
 */
public final class TokenInAnotherJvm {

    static final int TAGS = 40;

    private TokenInAnotherJvm() {}

    public static void main(String[] args) {
        System.out.println(token());
    }

    static String token() {
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 0; i < TAGS; i++) {
            tags.put("cost-centre-" + i, "value-" + i);
        }
        Environment environment = new Environment("prod", "us-east-1", null, null, Mode.ENFORCE, false, tags);
        Resource table = new Resource(ResourceKey.of(RouteTableSpec.KIND, "public"), "prod", Map.of(),
                new RouteTableSpec("main", null, null, Map.of("tier", "public"), null));
        DriverContext context = new DriverContext(environment, Harness.CONTROLLER, null, new ObservedState());
        return ClientTokens.of(context, table.key(), "vpc-0a1b2c3d", context.tagsFor(table));
    }
}
