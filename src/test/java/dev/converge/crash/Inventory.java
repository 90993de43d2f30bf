package dev.converge.crash;

import dev.converge.aws.AwsClients;
import dev.converge.aws.OwnedTags;
import dev.converge.model.Ownership;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Everything of the kinds Converge manages that exists in an account, read straight from AWS with an
 * operator's clients, leaving out what the emulator creates by itself (the default VPC with its
 * subnets, every VPC's default security group, main route table and default network ACL).
 */
final class Inventory {

    /** One AWS object: its type as AWS names it, its id and its tags. */
    record Item(String type, String id, Map<String, String> tags) {

        String resourceTag() {
            return tags.get(Ownership.RESOURCE);
        }

        boolean carriesOwnership() {
            return tags.containsKey(Ownership.MANAGED_BY) && tags.containsKey(Ownership.RESOURCE);
        }
    }

    private Inventory() {}

    static List<Item> read(AwsClients aws) {
        List<Item> items = new ArrayList<>();
        ec2(aws.ec2(), items);
        rds(aws.rds(), items);
        buckets(aws.s3(), items);
        iam(aws.iam(), items);
        loadBalancing(aws.elb(), items);
        aws.sqs().listQueuesPaginator(r -> {}).queueUrls().forEach(url -> items.add(new Item("Queue", url,
                aws.sqs().listQueueTags(r -> r.queueUrl(url)).tags())));
        aws.sns().listTopicsPaginator(r -> {}).topics().forEach(t -> items.add(new Item("Topic", t.topicArn(),
                OwnedTags.toMap(aws.sns().listTagsForResource(r -> r.resourceArn(t.topicArn())).tags(), tag -> tag.key(), tag -> tag.value()))));
        aws.ssm().describeParametersPaginator(r -> {}).stream().flatMap(page -> page.parameters().stream()).forEach(p -> items.add(new Item("Parameter", p.name(),
                OwnedTags.toMap(aws.ssm().listTagsForResource(r -> r.resourceType("Parameter").resourceId(p.name())).tagList(), tag -> tag.key(), tag -> tag.value()))));
        aws.cloudFront().listDistributionsPaginator(r -> {}).items().forEach(d -> items.add(new Item("Distribution", d.id(),
                OwnedTags.toMap(aws.cloudFront().listTagsForResource(r -> r.resource(d.arn())).tags().items(), tag -> tag.key(), tag -> tag.value()))));
        aws.lambda().listFunctionsPaginator(r -> {}).functions().forEach(f -> items.add(new Item("Function", f.functionArn(),
                aws.lambda().listTags(r -> r.resource(f.functionArn())).tags())));
        aws.autoScaling().describeAutoScalingGroupsPaginator(r -> {}).autoScalingGroups().forEach(g -> items.add(new Item(
                "AutoScalingGroup", g.autoScalingGroupName(),
                OwnedTags.toMap(g.tags(), t -> t.key(), t -> t.value()))));
        return items;
    }

    /** The items of one type that carry the given {@code converge:resource} tag. */
    static long count(List<Item> items, String type, String resource) {
        return items.stream().filter(i -> i.type().equals(type) && resource.equals(i.resourceTag())).count();
    }

    private static void ec2(Ec2Client ec2, List<Item> items) {
        Set<String> defaultVpcs = ec2.describeVpcs(r -> r.filters(filter("is-default", "true"))).vpcs().stream()
                .map(v -> v.vpcId()).collect(Collectors.toSet());
        ec2.describeVpcs().vpcs().stream().filter(v -> !defaultVpcs.contains(v.vpcId()))
                .forEach(v -> items.add(new Item("Vpc", v.vpcId(), tags(v.tags()))));
        ec2.describeSubnets().subnets().stream().filter(s -> !defaultVpcs.contains(s.vpcId()))
                .forEach(s -> items.add(new Item("Subnet", s.subnetId(), tags(s.tags()))));
        ec2.describeRouteTables().routeTables().stream()
                .filter(t -> t.associations().stream().noneMatch(a -> Boolean.TRUE.equals(a.main())))
                .forEach(t -> items.add(new Item("RouteTable", t.routeTableId(), tags(t.tags()))));
        ec2.describeSecurityGroups().securityGroups().stream().filter(g -> !g.groupName().equals("default"))
                .forEach(g -> items.add(new Item("SecurityGroup", g.groupId(), tags(g.tags()))));
        ec2.describeInternetGateways().internetGateways().stream()
                .filter(g -> g.attachments().stream().noneMatch(a -> defaultVpcs.contains(a.vpcId())))
                .forEach(g -> items.add(new Item("InternetGateway", g.internetGatewayId(), tags(g.tags()))));
        // moto keeps deleted gateways visible; only live ones can be twins.
        ec2.describeNatGateways().natGateways().stream().filter(n -> !n.stateAsString().startsWith("delet"))
                .forEach(n -> items.add(new Item("NatGateway", n.natGatewayId(), tags(n.tags()))));
        ec2.describeAddresses().addresses()
                .forEach(a -> items.add(new Item("Address", a.allocationId(), tags(a.tags()))));
        ec2.describeNetworkAcls().networkAcls().stream().filter(a -> !Boolean.TRUE.equals(a.isDefault()))
                .forEach(a -> items.add(new Item("NetworkAcl", a.networkAclId(), tags(a.tags()))));
        ec2.describeLaunchTemplates(r -> r.maxResults(200)).launchTemplates()
                .forEach(t -> items.add(new Item("LaunchTemplate", t.launchTemplateId(), tags(t.tags()))));
    }

    private static void rds(RdsClient rds, List<Item> items) {
        rds.describeDBSubnetGroups().dbSubnetGroups().forEach(g -> items.add(
                new Item("DbSubnetGroup", g.dbSubnetGroupName(), rdsTags(rds, g.dbSubnetGroupArn()))));
        rds.describeDBClusters().dbClusters().forEach(c -> items.add(
                new Item("AuroraCluster", c.dbClusterIdentifier(), rdsTags(rds, c.dbClusterArn()))));
        rds.describeDBInstances().dbInstances().forEach(i -> items.add(
                new Item("DbInstance", i.dbInstanceIdentifier(), rdsTags(rds, i.dbInstanceArn()))));
    }

    private static void iam(IamClient iam, List<Item> items) {
        iam.listRolesPaginator(r -> {}).roles().forEach(role -> items.add(new Item("InstanceRole", role.roleName(),
                OwnedTags.toMap(iam.listRoleTags(r -> r.roleName(role.roleName())).tags(), t -> t.key(), t -> t.value()))));
        // moto answers no ListInstanceProfileTags: a profile counts as its role's (a profile left without one has no tags).
        Map<String, Map<String, String>> roleTags = items.stream().filter(i -> i.type().equals("InstanceRole"))
                .collect(Collectors.toMap(Item::id, Item::tags));
        iam.listInstanceProfilesPaginator(r -> {}).instanceProfiles().forEach(profile -> items.add(new Item(
                "InstanceProfile", profile.instanceProfileName(), profile.roles().stream()
                        .map(role -> roleTags.getOrDefault(role.roleName(), Map.of()))
                        .findFirst().orElse(Map.of()))));
    }

    private static void loadBalancing(ElasticLoadBalancingV2Client elb, List<Item> items) {
        Map<String, String> arns = new LinkedHashMap<>();
        elb.describeLoadBalancersPaginator(r -> {}).loadBalancers().forEach(lb -> {
            arns.put(lb.loadBalancerArn(), "LoadBalancer");
            elb.describeListenersPaginator(r -> r.loadBalancerArn(lb.loadBalancerArn())).listeners()
                    .forEach(l -> arns.put(l.listenerArn(), "Listener"));
        });
        elb.describeTargetGroupsPaginator(r -> {}).targetGroups().forEach(g -> arns.put(g.targetGroupArn(), "TargetGroup"));
        List<String> all = List.copyOf(arns.keySet());
        for (int from = 0; from < all.size(); from += 20) {
            List<String> batch = all.subList(from, Math.min(all.size(), from + 20));
            elb.describeTags(r -> r.resourceArns(batch)).tagDescriptions().forEach(d -> items.add(new Item(
                    arns.get(d.resourceArn()), d.resourceArn(), OwnedTags.toMap(d.tags(), t -> t.key(), t -> t.value()))));
        }
    }

    private static void buckets(S3Client s3, List<Item> items) {
        s3.listBuckets().buckets().forEach(b -> items.add(new Item("Bucket", b.name(), bucketTags(s3, b.name()))));
    }

    private static Map<String, String> bucketTags(S3Client s3, String bucket) {
        try {
            return OwnedTags.toMap(s3.getBucketTagging(r -> r.bucket(bucket)).tagSet(), t -> t.key(), t -> t.value());
        } catch (S3Exception e) {
            return Map.of();
        }
    }

    private static Map<String, String> rdsTags(RdsClient rds, String arn) {
        return OwnedTags.toMap(rds.listTagsForResource(r -> r.resourceName(arn)).tagList(), t -> t.key(), t -> t.value());
    }

    private static Map<String, String> tags(List<Tag> tags) {
        return OwnedTags.toMap(tags, Tag::key, Tag::value);
    }

    private static Filter filter(String name, String value) {
        return Filter.builder().name(name).values(value).build();
    }
}
