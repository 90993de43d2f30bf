package dev.converge.aws.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.aws.DriverContext;
import dev.converge.model.Mode;
import dev.converge.model.RouteTableSpec.Route;
import dev.converge.plan.ObservedState;
import dev.converge.testing.Harness;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.RouteOrigin;
import software.amazon.awssdk.services.ec2.model.RouteState;
import software.amazon.awssdk.services.ec2.model.RouteTable;

/**
 * Routes to an instance. moto reports such a route as it was created; AWS reports it with the
 * instance's network interface as well, or only the interface. The fixtures copy the shape of
 * DescribeRouteTables' Route element from the EC2 API reference (InstanceId, InstanceOwnerId,
 * NetworkInterfaceId, Origin CreateRoute, State active).
 */
class InstanceRoutesTest {

    private static final String INSTANCE = "i-0a1b2c3d4e5f67890";
    private static final String ENI = "eni-0123456789abcdef0";
    private final DriverContext context =
            new DriverContext(Harness.environment("it", Mode.ENFORCE), Harness.CONTROLLER, null, new ObservedState());

    @Test
    void routeDeclaredToAnInstance_readBackWithItsInterfaceToo_isTheDeclaredRoute() {
        Set<Route> declared = Set.of(new Route("10.8.0.0/16", INSTANCE));

        assertThat(RouteTableDriver.routes(table(INSTANCE, ENI), declared, context)).containsExactlyElementsOf(declared);
    }

    @Test
    void routeDeclaredToAnInterface_readBackWithTheInstanceToo_isTheDeclaredRoute() {
        Set<Route> declared = Set.of(new Route("10.8.0.0/16", ENI));

        assertThat(RouteTableDriver.routes(table(INSTANCE, ENI), declared, context)).containsExactlyElementsOf(declared);
        assertThat(RouteTableDriver.routes(table(null, ENI), declared, context)).containsExactlyElementsOf(declared);
    }

    @Test
    void routeToAnotherTarget_isDrift() {
        Set<Route> declared = Set.of(new Route("10.8.0.0/16", "i-0fffffffffffffff0"));

        assertThat(RouteTableDriver.routes(table(INSTANCE, ENI), declared, context))
                .containsExactly(new Route("10.8.0.0/16", ENI));
    }

    private static RouteTable table(String instanceId, String interfaceId) {
        return RouteTable.builder()
                .routeTableId("rtb-0123456789abcdef0")
                .routes(r -> r.destinationCidrBlock("10.8.0.0/16")
                        .instanceId(instanceId)
                        .instanceOwnerId(instanceId == null ? null : "123456789012")
                        .networkInterfaceId(interfaceId)
                        .origin(RouteOrigin.CREATE_ROUTE)
                        .state(RouteState.ACTIVE))
                .build();
    }
}
