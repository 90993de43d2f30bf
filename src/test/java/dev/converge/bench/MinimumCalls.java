package dev.converge.bench;

import dev.converge.model.AuroraClusterSpec;
import dev.converge.model.AutoScalingGroupSpec;
import dev.converge.model.BucketSpec;
import dev.converge.model.Environment;
import dev.converge.model.Resource;
import dev.converge.model.SecurityGroupSpec;
import dev.converge.model.VpcSpec;
import dev.converge.spec.DesiredState;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The fewest AWS calls a no-drift pass over every environment of a spec can make while still seeing
 * every declared field: per environment and kind one list filtered by the environment's tag, at the
 * largest page each API allows; per resource only what no list returns (a VPC's DNS attributes, a
 * bucket's declared configuration); ownership and tags of buckets and DB subnet groups, whose lists carry
 * no tags, from the tagging API's batched read; a kind the estate does not declare still costs its one
 * list, which is how a pass finds what a removed declaration left behind; per account and cycle what
 * only an account-wide list says (the buckets that exist, the distributions); nothing that never changes
 * (account id, zones), which is read once and cached. docs/benchmarks.md writes the model down.
 */
final class MinimumCalls {

    /** The largest page of each list, from the APIs' references. */
    static final Map<String, Integer> PAGE = Map.ofEntries(
            Map.entry("DescribeVpcs", 1000),
            Map.entry("DescribeInternetGateways", 1000),
            Map.entry("DescribeSubnets", 1000),
            Map.entry("DescribeRouteTables", 100),
            Map.entry("DescribeNatGateways", 1000),
            Map.entry("DescribeSecurityGroups", 1000),
            Map.entry("DescribeSecurityGroupRules", 1000),
            Map.entry("DescribeLaunchTemplates", 200),
            Map.entry("DescribeLaunchTemplateVersions", 200),
            Map.entry("DescribeAutoScalingGroups", 100),
            Map.entry("DescribeInstances", 1000),
            Map.entry("DescribeDBSubnetGroups", 100),
            Map.entry("DescribeDBClusters", 100),
            Map.entry("DescribeDBInstances", 100),
            Map.entry("GetResources", 100));

    /**
     * The list each kind the estate never declares costs a pass, by kind: the model knows no more of
     * them, so an estate that declared one would be refused rather than undercounted.
     */
    private static final Map<String, String> EMPTY_LISTS = Map.of(
            "NetworkAcl", "DescribeNetworkAcls",
            "LoadBalancer", "DescribeLoadBalancers",
            "TargetGroup", "DescribeTargetGroups",
            "InstanceRole", "ListRoles",
            "Function", "ListFunctions",
            "Topic", "ListTopics",
            "Queue", "ListQueues",
            "Parameter", "DescribeParameters");

    /** What is listed for a whole account, once per cycle: ListBuckets because the tagging API's index lags a delete. */
    private static final List<String> ACCOUNT_LISTS = List.of("ListBuckets", "ListDistributions");

    private MinimumCalls() {}

    /** By operation name. */
    static Map<String, Long> of(DesiredState state) {
        Map<String, Long> calls = new TreeMap<>();
        for (Environment environment : state.environments().values()) {
            add(calls, state.resourcesOf(environment.name()));
        }
        long accounts = state.environments().values().stream().map(e -> String.valueOf(e.accountId())).distinct().count();
        ACCOUNT_LISTS.forEach(operation -> calls.put(operation, accounts));
        return calls;
    }

    private static void add(Map<String, Long> calls, List<Resource> resources) {
        EMPTY_LISTS.forEach((kind, operation) -> {
            if (count(resources, kind) > 0) {
                throw new IllegalArgumentException("the minimum-calls model counts " + kind + " only as an empty list");
            }
            calls.merge(operation, 1L, Long::sum);
        });
        long vpcs = count(resources, VpcSpec.KIND);
        list(calls, "DescribeVpcs", vpcs);
        list(calls, "DescribeInternetGateways", sum(resources, VpcSpec.class, v -> Boolean.TRUE.equals(v.internetGateway()) ? 1 : 0));
        perResource(calls, "DescribeVpcAttribute", sum(resources, VpcSpec.class,
                v -> (v.enableDnsSupport() == null ? 0 : 1) + (v.enableDnsHostnames() == null ? 0 : 1)));
        list(calls, "DescribeSubnets", count(resources, "Subnet"));
        list(calls, "DescribeRouteTables", count(resources, "RouteTable"));
        list(calls, "DescribeNatGateways", count(resources, "NatGateway"));
        list(calls, "DescribeSecurityGroups", count(resources, SecurityGroupSpec.KIND));
        list(calls, "DescribeSecurityGroupRules", sum(resources, SecurityGroupSpec.class, MinimumCalls::rules));
        long templates = count(resources, "LaunchTemplate");
        list(calls, "DescribeLaunchTemplates", templates);
        if (templates > 0) {
            list(calls, "DescribeLaunchTemplateVersions", templates);
        }
        list(calls, "DescribeAutoScalingGroups", count(resources, AutoScalingGroupSpec.KIND));
        long instances = sum(resources, AutoScalingGroupSpec.class,
                g -> g.desiredCapacity() == null ? g.minSize() : g.desiredCapacity());
        if (instances > 0) {
            list(calls, "DescribeInstances", instances);
        }
        long subnetGroups = count(resources, "DbSubnetGroup");
        list(calls, "DescribeDBSubnetGroups", subnetGroups);
        if (subnetGroups > 0) {
            // DescribeDBSubnetGroups returns no tags: ownership from the tagging API, resource type rds:subgrp
            list(calls, "GetResources", subnetGroups);
        }
        list(calls, "DescribeDBClusters", count(resources, AuroraClusterSpec.KIND));
        list(calls, "DescribeDBInstances", sum(resources, AuroraClusterSpec.class, c -> 1 + (c.readers() == null ? 0 : c.readers())));
        list(calls, "GetResources", count(resources, BucketSpec.KIND));
        perResource(calls, "GetBucketVersioning", sum(resources, BucketSpec.class, b -> b.versioning() == null ? 0 : 1));
        perResource(calls, "GetBucketEncryption", sum(resources, BucketSpec.class, b -> b.encryption() == null ? 0 : 1));
        perResource(calls, "GetPublicAccessBlock", sum(resources, BucketSpec.class, b -> b.publicAccessBlock() == null ? 0 : 1));
        perResource(calls, "GetBucketLifecycleConfiguration", sum(resources, BucketSpec.class, b -> b.lifecycle() == null ? 0 : 1));
        perResource(calls, "GetBucketPolicy", sum(resources, BucketSpec.class, b -> b.policy() == null ? 0 : 1));
    }

    /** A group's rules as AWS lists them: an undeclared egress is AWS's one allow-all rule. */
    private static int rules(SecurityGroupSpec group) {
        int ingress = group.ingress() == null ? 0 : group.ingress().size();
        int egress = group.egress() == null ? 1 : group.egress().size();
        return ingress + egress;
    }

    /** One page even when empty: a list is also how a pass finds what was left behind. */
    private static void list(Map<String, Long> calls, String operation, long items) {
        calls.merge(operation, Math.max(1, (items + PAGE.get(operation) - 1) / PAGE.get(operation)), Long::sum);
    }

    private static void perResource(Map<String, Long> calls, String operation, long reads) {
        if (reads > 0) {
            calls.merge(operation, reads, Long::sum);
        }
    }

    private static long count(List<Resource> resources, String kind) {
        return resources.stream().filter(r -> r.kind().equals(kind)).count();
    }

    private static <T extends dev.converge.model.KindSpec> long sum(
            List<Resource> resources, Class<T> type, Function<T, Integer> per) {
        return resources.stream()
                .filter(r -> type.isInstance(r.spec()))
                .mapToLong(r -> per.apply(r.spec(type)))
                .sum();
    }
}
