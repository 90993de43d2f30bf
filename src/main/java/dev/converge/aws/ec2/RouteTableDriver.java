package dev.converge.aws.ec2;

import dev.converge.aws.ClientTokens;
import dev.converge.aws.DriverContext;
import dev.converge.aws.NotFound;
import dev.converge.aws.OwnedTags;
import dev.converge.aws.PageSizes;
import dev.converge.aws.ResourceDriver;
import dev.converge.model.Cidr;
import dev.converge.model.Fields;
import dev.converge.model.KindSpec;
import dev.converge.model.NatGatewaySpec;
import dev.converge.model.Resource;
import dev.converge.model.ResourceKey;
import dev.converge.model.RouteTableSpec;
import dev.converge.model.RouteTableSpec.Route;
import dev.converge.model.SubnetSpec;
import dev.converge.model.UnmanagedScope;
import dev.converge.model.VpcSpec;
import dev.converge.plan.FieldChange;
import dev.converge.plan.ObservedResource;
import dev.converge.plan.UnmanagedObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RouteOrigin;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.RouteTableAssociation;
import software.amazon.awssdk.services.ec2.model.RouteTableAssociationStateCode;

/**
 * Route tables of managed VPCs: the routes Converge declares and the subnets explicitly associated.
 * Routes AWS adds by itself (the local route, propagated routes, VPC endpoint routes) are neither
 * reported nor touched.
 */
public final class RouteTableDriver implements ResourceDriver {

    /**
     * @param subnetAssociations association ids by subnet, named as in the {@code subnets} field
     * @param gatewayAssociations edge associations, which only deletion needs to undo
     */
    public record Details(String vpcId, Map<String, String> subnetAssociations, List<String> gatewayAssociations) {}

    @Override
    public String kind() {
        return RouteTableSpec.KIND;
    }

    /** Every VPC's main route table is AWS's, not someone's doing. */
    @Override
    public Optional<List<UnmanagedObject>> unmanaged(UnmanagedScope scope, DriverContext context) {
        Ec2Client ec2 = context.clients().ec2();
        return new UnmanagedInVpcs<RouteTable>(kind(),
                filters -> ec2.describeRouteTablesPaginator(r -> r.filters(filters).maxResults(PageSizes.EC2_ROUTE_TABLES)).routeTables().stream().toList(),
                RouteTable::routeTableId, RouteTable::vpcId, RouteTable::tags,
                table -> table.associations().stream().anyMatch(a -> Boolean.TRUE.equals(a.main())))
                .find(context);
    }

    @Override
    public List<ObservedResource> observe(List<Resource> declared, DriverContext context) {
        Ec2Client ec2 = context.clients().ec2();
        List<ObservedResource> observed = new ArrayList<>();
        for (RouteTable table : ec2.describeRouteTablesPaginator(r -> r.filters(Ec2Tags.ownedBy(context)).maxResults(PageSizes.EC2_ROUTE_TABLES)).routeTables()) {
            Map<String, String> tags = Ec2Tags.toMap(table.tags());
            Optional<ResourceKey> key = OwnedTags.key(tags, kind(), table.routeTableId(), context);
            if (key.isEmpty()) {
                continue;
            }
            Map<String, String> subnetAssociations = new TreeMap<>();
            List<String> gatewayAssociations = new ArrayList<>();
            for (RouteTableAssociation association : table.associations()) {
                if (Boolean.TRUE.equals(association.main()) || !isAssociated(association)) {
                    continue;
                }
                if (association.subnetId() != null) {
                    String subnet = context.observed().nameOrId(SubnetSpec.KIND, association.subnetId());
                    subnetAssociations.put(subnet, association.routeTableAssociationId());
                } else {
                    gatewayAssociations.add(association.routeTableAssociationId());
                }
            }
            Map<String, Object> properties = new Fields()
                    .put(RouteTableSpec.VPC, context.observed().nameOrId(VpcSpec.KIND, table.vpcId()))
                    .put(RouteTableSpec.ROUTES, routes(table, declaredRoutes(declared, key.get()), context))
                    .put(RouteTableSpec.SUBNETS, new TreeSet<>(subnetAssociations.keySet()))
                    .build();
            Details details = new Details(table.vpcId(), subnetAssociations, gatewayAssociations);
            observed.add(ObservedResource.owned(key.get(), table.routeTableId(), properties, tags, details));
        }
        return observed;
    }

    private static boolean isAssociated(RouteTableAssociation association) {
        return association.associationState() == null
                || association.associationState().state() == RouteTableAssociationStateCode.ASSOCIATED
                || association.associationState().state() == RouteTableAssociationStateCode.ASSOCIATING;
    }

    private static Set<Route> declaredRoutes(List<Resource> declared, ResourceKey key) {
        return declared.stream()
                .filter(r -> r.key().equals(key))
                .findFirst()
                .map(r -> Set.copyOf(declaredRoutes(r.spec(RouteTableSpec.class))))
                .orElse(Set.of());
    }

    /**
     * The routes someone created, with targets named as a spec names them. A route to an instance reads
     * back with the instance's network interface as well (or, once the interface moved, only that); it
     * is reported with the target the spec declares when that is either of the two, so neither spelling
     * is drift.
     */
    static Set<Route> routes(RouteTable table, Set<Route> declared, DriverContext context) {
        Set<Route> routes = new TreeSet<>();
        for (software.amazon.awssdk.services.ec2.model.Route route : table.routes()) {
            if (route.origin() != RouteOrigin.CREATE_ROUTE || "local".equals(route.gatewayId())) {
                continue;
            }
            Optional<String> destination = RouteRequests.destination(route);
            Optional<String> target = RouteRequests.targetId(route);
            if (destination.isPresent() && target.isPresent()) {
                String cidr = Cidr.normalize(destination.get());
                Optional<Route> asDeclared = RouteRequests.instanceTargets(route).stream()
                        .map(id -> new Route(cidr, id))
                        .filter(declared::contains)
                        .findFirst();
                routes.add(asDeclared.orElseGet(() -> new Route(cidr, specTarget(target.get(), context))));
            }
        }
        return routes;
    }

    private static String specTarget(String targetId, DriverContext context) {
        if (RouteRequests.isInternetGateway(targetId)) {
            return Route.INTERNET_GATEWAY;
        }
        return context.observed().nameOf(NatGatewaySpec.KIND, targetId).map(Route::natGateway).orElse(targetId);
    }

    @Override
    public String create(Resource resource, DriverContext context) {
        RouteTableSpec spec = resource.spec(RouteTableSpec.class);
        Ec2Client ec2 = context.clients().ec2();
        String vpcId = context.idOf(ResourceKey.of(VpcSpec.KIND, spec.vpc()));
        // Targets are resolved first so that a missing gateway fails the step before anything exists.
        Map<Route, String> targets = resolve(declaredRoutes(spec), vpcId, context);
        Map<String, String> tags = context.tagsFor(resource);
        String tableId = ec2.createRouteTable(r -> r.vpcId(vpcId)
                        .clientToken(ClientTokens.of(context, resource.key(), vpcId, tags))
                        .tagSpecifications(Ec2Tags.specification(ResourceType.ROUTE_TABLE, tags)))
                .routeTable()
                .routeTableId();
        targets.forEach((route, targetId) -> ec2.createRoute(RouteRequests.create(tableId, route.destination(), targetId)));
        if (spec.subnets() != null) {
            associate(ec2, tableId, spec.subnets(), context);
        }
        return tableId;
    }

    private static List<Route> declaredRoutes(RouteTableSpec spec) {
        return spec.routes() == null ? List.of() : spec.routes().stream().map(RouteTableSpec.RouteSpec::normalized).toList();
    }

    @Override
    public void update(Resource resource, ObservedResource live, List<FieldChange> changes, DriverContext context) {
        Ec2Client ec2 = context.clients().ec2();
        Details details = live.details(Details.class);
        for (FieldChange change : changes) {
            switch (change.field()) {
                case RouteTableSpec.ROUTES -> updateRoutes(ec2, live.awsId(), details.vpcId(), change, context);
                case RouteTableSpec.SUBNETS -> {
                    associate(ec2, live.awsId(), names(change.added()), context);
                    for (String subnet : names(change.removed())) {
                        disassociate(ec2, details.subnetAssociations().get(subnet));
                    }
                }
                case KindSpec.TAGS -> Ec2Tags.apply(ec2, live.awsId(), change);
                default -> throw new IllegalArgumentException("RouteTable field " + change.field() + " cannot be updated in place");
            }
        }
    }

    /** Adds and retargets the declared routes, then deletes the ones no longer declared. */
    private static void updateRoutes(Ec2Client ec2, String tableId, String vpcId, FieldChange change, DriverContext context) {
        Set<String> existing = destinations(routesOf(change.before()));
        Set<Route> added = routesOf(change.added());
        resolve(added, vpcId, context).forEach((route, targetId) -> {
            if (existing.contains(route.destination())) {
                ec2.replaceRoute(RouteRequests.replace(tableId, route.destination(), targetId));
            } else {
                ec2.createRoute(RouteRequests.create(tableId, route.destination(), targetId));
            }
        });
        Set<String> retargeted = destinations(added);
        for (Route route : routesOf(change.removed())) {
            if (!retargeted.contains(route.destination())) {
                NotFound.ignoring(() -> ec2.deleteRoute(RouteRequests.delete(tableId, route.destination())));
            }
        }
    }

    @Override
    public void delete(ObservedResource live, DriverContext context) {
        Ec2Client ec2 = context.clients().ec2();
        Details details = live.details(Details.class);
        details.subnetAssociations().values().forEach(id -> disassociate(ec2, id));
        details.gatewayAssociations().forEach(id -> disassociate(ec2, id));
        NotFound.ignoring(() -> ec2.deleteRouteTable(r -> r.routeTableId(live.awsId())));
    }

    /** The AWS target of each route; the internet gateway is looked up once, and must exist. */
    private static Map<Route, String> resolve(Collection<Route> routes, String vpcId, DriverContext context) {
        Map<Route, String> targets = new LinkedHashMap<>();
        String internetGateway = null;
        for (Route route : routes) {
            String target = route.target();
            if (target.equals(Route.INTERNET_GATEWAY)) {
                if (internetGateway == null) {
                    internetGateway = VpcDriver.internetGatewayOf(context, vpcId).orElseThrow(() -> new IllegalStateException(
                            "route " + route + " needs the VPC's internet gateway, but VPC " + vpcId
                                    + " has none attached; declare " + VpcSpec.INTERNET_GATEWAY + ": true on the VPC"));
                }
                targets.put(route, internetGateway);
            } else if (target.startsWith(NatGatewaySpec.KIND + "/")) {
                targets.put(route, context.idOf(ResourceKey.parse(target)));
            } else {
                targets.put(route, target);
            }
        }
        return targets;
    }

    /**
     * Associates subnets with the table. A subnet explicitly associated with another table is moved
     * with ReplaceRouteTableAssociation, because AssociateRouteTable refuses it.
     */
    private static void associate(Ec2Client ec2, String tableId, Collection<String> subnetNames, DriverContext context) {
        if (subnetNames.isEmpty()) {
            return;
        }
        List<String> subnetIds = subnetNames.stream()
                .map(name -> context.idOf(ResourceKey.of(SubnetSpec.KIND, name)))
                .toList();
        Map<String, RouteTableAssociation> current = new HashMap<>();
        Filter bySubnet = Filter.builder().name("association.subnet-id").values(subnetIds).build();
        for (RouteTable table : ec2.describeRouteTablesPaginator(r -> r.filters(bySubnet).maxResults(PageSizes.EC2_ROUTE_TABLES)).routeTables()) {
            table.associations().stream()
                    .filter(a -> a.subnetId() != null && !Boolean.TRUE.equals(a.main()) && isAssociated(a))
                    .forEach(a -> current.put(a.subnetId(), a));
        }
        for (String subnetId : subnetIds) {
            RouteTableAssociation association = current.get(subnetId);
            if (association == null) {
                ec2.associateRouteTable(r -> r.routeTableId(tableId).subnetId(subnetId));
            } else if (!association.routeTableId().equals(tableId)) {
                ec2.replaceRouteTableAssociation(r -> r.associationId(association.routeTableAssociationId()).routeTableId(tableId));
            }
        }
    }

    private static void disassociate(Ec2Client ec2, String associationId) {
        if (associationId != null) {
            NotFound.ignoring(() -> ec2.disassociateRouteTable(r -> r.associationId(associationId)));
        }
    }

    @SuppressWarnings("unchecked")
    private static Set<Route> routesOf(Object routes) {
        return routes == null ? Set.of() : new HashSet<>((Collection<Route>) routes);
    }

    private static Set<String> destinations(Set<Route> routes) {
        Set<String> destinations = new HashSet<>();
        routes.forEach(r -> destinations.add(r.destination()));
        return destinations;
    }

    private static List<String> names(Set<Object> subnets) {
        return subnets.stream().map(String.class::cast).toList();
    }
}
