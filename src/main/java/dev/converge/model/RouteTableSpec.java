package dev.converge.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** A route table of a VPC: its routes and the subnets associated with it. */
public record RouteTableSpec(
        @SpecField(required = true) String vpc, List<RouteSpec> routes, List<String> subnets, Map<String, String> tags, Management management)
        implements KindSpec {

    public static final String KIND = "RouteTable";

    /** The spec's field names, as written in YAML; every use of a field name goes through these. */
    public static final String VPC = "vpc";
    public static final String ROUTES = "routes";
    public static final String SUBNETS = "subnets";

    /**
     * One route. Exactly one target: the VPC's internet gateway, a NAT gateway of the spec by name, or
     * any other AWS target by id (transit gateway, peering connection, ...).
     */
    public record RouteSpec(@SpecField(required = true) String destination, Boolean internetGateway, String natGateway, String target) {

        /** The normalised route, in the form the driver reads back from AWS. */
        public Route normalized() {
            String to;
            if (Boolean.TRUE.equals(internetGateway)) {
                to = Route.INTERNET_GATEWAY;
            } else if (natGateway != null) {
                to = Route.natGateway(natGateway);
            } else {
                to = target;
            }
            return new Route(Cidr.normalize(destination), to);
        }
    }

    /** A route as compared: destination and a target that is either symbolic or a raw AWS id. */
    public record Route(String destination, String target) implements Comparable<Route> {

        public static final String INTERNET_GATEWAY = "internet-gateway";

        public static String natGateway(String name) {
            return NatGatewaySpec.KIND + "/" + name;
        }

        @Override
        public int compareTo(Route other) {
            return toString().compareTo(other.toString());
        }

        @Override
        public String toString() {
            return destination + " -> " + target;
        }
    }

    public RouteTableSpec {
        routes = Specs.copy(routes);
        subnets = Specs.copy(subnets);
        tags = Specs.tags(tags);
        management = Specs.management(management);
    }

    @Override
    public List<Reference> references() {
        List<Reference> references = new ArrayList<>();
        if (vpc != null) {
            references.add(Reference.ordering(VpcSpec.KIND, vpc, VPC));
        }
        if (routes != null) {
            for (int i = 0; i < routes.size(); i++) {
                if (routes.get(i).natGateway() != null) {
                    references.add(Reference.ordering(
                            NatGatewaySpec.KIND, routes.get(i).natGateway(), ROUTES + "[" + i + "].natGateway"));
                }
            }
        }
        Specs.addOrdering(references, SubnetSpec.KIND, subnets, SUBNETS);
        return List.copyOf(references);
    }

    @Override
    public Map<String, Object> properties() {
        return new Fields()
                .put(VPC, vpc)
                .put(ROUTES, routes == null ? null : sortedRoutes())
                .put(SUBNETS, subnets == null ? null : new TreeSet<>(subnets))
                .build();
    }

    private Set<Route> sortedRoutes() {
        Set<Route> normalized = new TreeSet<>();
        routes.forEach(route -> normalized.add(route.normalized()));
        return normalized;
    }

    @Override
    public Set<String> replacementFields() {
        return Set.of(VPC);
    }
}
