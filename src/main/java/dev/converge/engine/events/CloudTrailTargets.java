package dev.converge.engine.events;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which kind a CloudTrail API call touches and where its record names the resource: each service's
 * calls by a word of their name ({@code AuthorizeSecurityGroupIngress} is a SecurityGroup's), and the
 * {@code requestParameters} or {@code responseElements} fields that carry the resource's id, name or ARN
 * (as in the services' CloudTrail reference). EC2's and ELB's tagging calls name any kind: the id's
 * prefix or the ARN's resource type says which.
 */
final class CloudTrailTargets {

    /** What a call touches: a kind, and the fields of its record that name the resource. */
    record Target(String kind, List<String> fields) {}

    private record Rule(String word, Target target) {}

    /** The EventBridge sources of the services Converge manages, which its rule matches. */
    static final List<String> SOURCES = List.of("aws.ec2", "aws.autoscaling", "aws.elasticloadbalancing", "aws.rds",
            "aws.s3", "aws.iam", "aws.ssm", "aws.sqs", "aws.sns", "aws.lambda", "aws.cloudfront");

    private static final Map<String, List<Rule>> BY_SERVICE = Map.ofEntries(
            Map.entry("ec2", List.of(
                    rule("SecurityGroup", "SecurityGroup", "groupId"),
                    rule("NetworkAcl", "NetworkAcl", "networkAclId"),
                    rule("Route", "RouteTable", "routeTableId"),
                    rule("NatGateway", "NatGateway", "natGatewayId"),
                    rule("LaunchTemplate", "LaunchTemplate", "launchTemplateId", "launchTemplateName"),
                    rule("Subnet", "Subnet", "subnetId"),
                    rule("Vpc", "Vpc", "vpcId"))),
            Map.entry("autoscaling", List.of(rule("", "AutoScalingGroup", "autoScalingGroupName"))),
            Map.entry("elasticloadbalancing", List.of(
                    rule("Listener", "Listener", "listenerArn"),
                    rule("Rule", "Listener", "ruleArn", "listenerArn"),
                    rule("Target", "TargetGroup", "targetGroupArn"),
                    rule("LoadBalancer", "LoadBalancer", "loadBalancerArn"),
                    rule("Set", "LoadBalancer", "loadBalancerArn"))),
            Map.entry("rds", List.of(
                    rule("DBSubnetGroup", "DbSubnetGroup", "dBSubnetGroupName"),
                    rule("DB", "AuroraCluster", "dBClusterIdentifier", "dBInstanceIdentifier"))),
            Map.entry("s3", List.of(rule("", "Bucket", "bucketName"))),
            Map.entry("iam", List.of(
                    rule("Role", "InstanceRole", "roleName"),
                    rule("InstanceProfile", "InstanceRole", "instanceProfileName"))),
            Map.entry("ssm", List.of(rule("Parameter", "Parameter", "name", "names"))),
            Map.entry("sqs", List.of(rule("Queue", "Queue", "queueUrl"))),
            Map.entry("sns", List.of(rule("", "Topic", "topicArn"))),
            // Lambda versions its event names (UpdateFunctionConfiguration20150331v2) and names the function by name or ARN
            Map.entry("lambda", List.of(rule("", "Function", "functionName"))),
            // an origin access control is no distribution's id: the kind is re-observed
            Map.entry("cloudfront", List.of(rule("OriginAccessControl", "Distribution"), rule("Distribution", "Distribution", "id"))));

    /** EC2 ids by prefix, for the tagging calls that name any kind. */
    private static final Map<String, String> EC2_PREFIXES = Map.of(
            "sg-", "SecurityGroup", "acl-", "NetworkAcl", "rtb-", "RouteTable", "nat-", "NatGateway",
            "lt-", "LaunchTemplate", "subnet-", "Subnet", "vpc-", "Vpc");

    /** ELB ARNs by resource type, for the tagging calls. */
    private static final Map<String, String> ELB_TYPES = Map.of(
            ":listener/", "Listener", ":listener-rule/", "Listener", ":targetgroup/", "TargetGroup", ":loadbalancer/", "LoadBalancer");

    private CloudTrailTargets() {}

    private static Rule rule(String word, String kind, String... fields) {
        return new Rule(word, new Target(kind, List.of(fields)));
    }

    /** What the call touches; empty for a call of no kind Converge manages (EC2's RunInstances). */
    static Optional<Target> of(CloudTrailEvent event) {
        if (event.eventName().endsWith("Tags")) {
            Optional<Target> tagged = tagged(event);
            if (tagged.isPresent()) {
                return tagged;
            }
        }
        return BY_SERVICE.getOrDefault(event.service(), List.of()).stream()
                .filter(r -> event.eventName().contains(r.word()))
                .map(Rule::target)
                .findFirst();
    }

    private static Optional<Target> tagged(CloudTrailEvent event) {
        if (event.service().equals("ec2")) {
            return event.values(List.of("resourceId")).stream()
                    .flatMap(id -> EC2_PREFIXES.entrySet().stream().filter(p -> id.startsWith(p.getKey())).map(Map.Entry::getValue))
                    .findFirst()
                    .map(kind -> new Target(kind, List.of("resourceId")));
        }
        if (event.service().equals("elasticloadbalancing")) {
            return event.values(List.of("resourceArns")).stream()
                    .flatMap(arn -> ELB_TYPES.entrySet().stream().filter(t -> arn.contains(t.getKey())).map(Map.Entry::getValue))
                    .findFirst()
                    .map(kind -> new Target(kind, List.of("resourceArns")));
        }
        return Optional.empty();
    }
}
