package dev.converge.aws.ec2;

import dev.converge.model.Cidr;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import software.amazon.awssdk.services.ec2.model.CreateRouteRequest;
import software.amazon.awssdk.services.ec2.model.DeleteRouteRequest;
import software.amazon.awssdk.services.ec2.model.ReplaceRouteRequest;
import software.amazon.awssdk.services.ec2.model.Route;

/**
 * Translates between a route's target id and the EC2 route API, which takes each kind of target in its
 * own parameter and reports it in its own field.
 */
final class RouteRequests {

    /** The request parameter for targets whose id starts with a prefix. */
    private enum Target {
        NAT_GATEWAY("nat-", CreateRouteRequest.Builder::natGatewayId, ReplaceRouteRequest.Builder::natGatewayId),
        EGRESS_ONLY_GATEWAY("eigw-", CreateRouteRequest.Builder::egressOnlyInternetGatewayId,
                ReplaceRouteRequest.Builder::egressOnlyInternetGatewayId),
        INTERNET_GATEWAY("igw-", CreateRouteRequest.Builder::gatewayId, ReplaceRouteRequest.Builder::gatewayId),
        VPN_GATEWAY("vgw-", CreateRouteRequest.Builder::gatewayId, ReplaceRouteRequest.Builder::gatewayId),
        TRANSIT_GATEWAY("tgw-", CreateRouteRequest.Builder::transitGatewayId, ReplaceRouteRequest.Builder::transitGatewayId),
        PEERING("pcx-", CreateRouteRequest.Builder::vpcPeeringConnectionId, ReplaceRouteRequest.Builder::vpcPeeringConnectionId),
        NETWORK_INTERFACE("eni-", CreateRouteRequest.Builder::networkInterfaceId, ReplaceRouteRequest.Builder::networkInterfaceId),
        VPC_ENDPOINT("vpce-", CreateRouteRequest.Builder::vpcEndpointId, ReplaceRouteRequest.Builder::vpcEndpointId),
        CARRIER_GATEWAY("cagw-", CreateRouteRequest.Builder::carrierGatewayId, ReplaceRouteRequest.Builder::carrierGatewayId),
        LOCAL_GATEWAY("lgw-", CreateRouteRequest.Builder::localGatewayId, ReplaceRouteRequest.Builder::localGatewayId),
        INSTANCE("i-", CreateRouteRequest.Builder::instanceId, ReplaceRouteRequest.Builder::instanceId);

        private final String prefix;
        private final BiFunction<CreateRouteRequest.Builder, String, CreateRouteRequest.Builder> create;
        private final BiFunction<ReplaceRouteRequest.Builder, String, ReplaceRouteRequest.Builder> replace;

        Target(
                String prefix,
                BiFunction<CreateRouteRequest.Builder, String, CreateRouteRequest.Builder> create,
                BiFunction<ReplaceRouteRequest.Builder, String, ReplaceRouteRequest.Builder> replace) {
            this.prefix = prefix;
            this.create = create;
            this.replace = replace;
        }

        static Target of(String targetId) {
            return Stream.of(values())
                    .filter(t -> targetId.startsWith(t.prefix))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("route target " + targetId + " is not a kind of target Converge can route to"));
        }
    }

    private RouteRequests() {}

    static CreateRouteRequest create(String routeTableId, String destination, String targetId) {
        CreateRouteRequest.Builder request = CreateRouteRequest.builder().routeTableId(routeTableId);
        if (Cidr.isIpv6(destination)) {
            request.destinationIpv6CidrBlock(destination);
        } else {
            request.destinationCidrBlock(destination);
        }
        return Target.of(targetId).create.apply(request, targetId).build();
    }

    static ReplaceRouteRequest replace(String routeTableId, String destination, String targetId) {
        ReplaceRouteRequest.Builder request = ReplaceRouteRequest.builder().routeTableId(routeTableId);
        if (Cidr.isIpv6(destination)) {
            request.destinationIpv6CidrBlock(destination);
        } else {
            request.destinationCidrBlock(destination);
        }
        return Target.of(targetId).replace.apply(request, targetId).build();
    }

    static DeleteRouteRequest delete(String routeTableId, String destination) {
        DeleteRouteRequest.Builder request = DeleteRouteRequest.builder().routeTableId(routeTableId);
        if (Cidr.isIpv6(destination)) {
            request.destinationIpv6CidrBlock(destination);
        } else {
            request.destinationCidrBlock(destination);
        }
        return request.build();
    }

    /** The CIDR a route sends traffic for; empty for prefix-list routes, which VPC endpoints manage. */
    static Optional<String> destination(Route route) {
        return Optional.ofNullable(route.destinationCidrBlock() != null
                ? route.destinationCidrBlock()
                : route.destinationIpv6CidrBlock());
    }

    /**
     * Where a route sends traffic, as an AWS id. A route to an instance is reported with the instance's
     * network interface too; the interface wins because that is what AWS actually routes to.
     */
    static Optional<String> targetId(Route route) {
        return Stream.of(
                        route.natGatewayId(),
                        route.gatewayId(),
                        route.transitGatewayId(),
                        route.vpcPeeringConnectionId(),
                        route.egressOnlyInternetGatewayId(),
                        route.networkInterfaceId(),
                        route.instanceId(),
                        route.carrierGatewayId(),
                        route.localGatewayId(),
                        route.coreNetworkArn())
                .filter(Objects::nonNull)
                .findFirst();
    }

    /** The ids a route to an instance is reported with: its network interface and the instance, where set. */
    static List<String> instanceTargets(Route route) {
        return Stream.of(route.networkInterfaceId(), route.instanceId()).filter(Objects::nonNull).toList();
    }

    static boolean isInternetGateway(String targetId) {
        return targetId.startsWith(Target.INTERNET_GATEWAY.prefix);
    }
}
