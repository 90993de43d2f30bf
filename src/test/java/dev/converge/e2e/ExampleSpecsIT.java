package dev.converge.e2e;

import dev.converge.model.DistributionSpec;
import dev.converge.model.ResourceKey;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cloudfront.model.DistributionConfig;
import software.amazon.awssdk.services.cloudfront.model.GetDistributionConfigResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.converge.aws.AwsClients;
import dev.converge.engine.PassReport;
import dev.converge.model.AutoScalingGroupSpec;
import dev.converge.model.AuroraClusterSpec;
import dev.converge.model.BucketSpec;
import dev.converge.model.DbSubnetGroupSpec;
import dev.converge.model.Environment;
import dev.converge.model.InstanceRoleSpec;
import dev.converge.model.ParameterSpec;
import dev.converge.model.LaunchTemplateSpec;
import dev.converge.model.ListenerSpec;
import dev.converge.model.LoadBalancerSpec;
import dev.converge.model.Mode;
import dev.converge.model.NetworkAclSpec;
import dev.converge.model.Resource;
import dev.converge.model.SecurityGroupSpec;
import dev.converge.model.SubnetSpec;
import dev.converge.model.TargetGroupSpec;
import dev.converge.model.QueueSpec;
import dev.converge.model.TopicSpec;
import dev.converge.model.FunctionSpec;
import dev.converge.testing.CodeObjects;
import dev.converge.model.VpcSpec;
import dev.converge.plan.Action;
import dev.converge.plan.Change;
import dev.converge.spec.DesiredState;
import dev.converge.spec.SpecLoader;
import dev.converge.testing.Harness;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.LaunchTemplate;
import software.amazon.awssdk.services.ec2.model.NetworkAcl;
import software.amazon.awssdk.services.ec2.model.NetworkAclAssociation;
import software.amazon.awssdk.services.ec2.model.RuleAction;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.SecurityGroupRule;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.Vpc;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBClusterMember;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.ssm.model.ParameterType;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.LambdaFunctionConfiguration;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * The example specs, converged into an empty moto from end to end, then kept converged through the
 * kinds of drift users cause in the console, in enforce and in observe mode.
 */
class ExampleSpecsIT {

    private final Harness harness = new Harness();
    private final DesiredState specs = SpecLoader.load(Path.of("specs"));

    @AfterEach
    void close() {
        harness.close();
    }

    /** What the build pipeline would have published before the functions' first deployment. */
    @org.junit.jupiter.api.BeforeEach
    void publishCodeObjects() {
        specs.environments().values().forEach(e -> CodeObjects.publishFor(harness, e, specs.resourcesOf(e.name())));
    }

    @Test
    void convergesBothExampleEnvironmentsFromEmpty_andSecondPassChangesNothing() {
        for (Environment environment : specs.environments().values()) {
            List<Resource> resources = specs.resourcesOf(environment.name());
            PassReport first = harness.pass(environment, resources);
            assertThat(first.error()).isNull();
            assertThat(first.outcomes()).allSatisfy(o -> assertThat(o.error()).isNull());
            assertThat(first.remaining().isEmpty()).as("remaining after first pass: %s", first.remaining()).isTrue();
            assertDeclaredStateInAws(environment, resources);
        }
        long mutations = harness.mutatingCalls();
        for (Environment environment : specs.environments().values()) {
            PassReport second = harness.pass(environment, specs.resourcesOf(environment.name()));
            assertThat(second.success()).isTrue();
            assertThat(second.detected().changes()).as("drift on the second pass").isEmpty();
            assertThat(harness.metric("converge.drift.resources", "environment", environment.name())).isZero();
        }
        assertThat(harness.mutatingCalls()).as("mutating calls on the second pass").isEqualTo(mutations);
    }

    @Test
    void undoesEachKindOfDrift_andCountsItInTheMetrics() {
        Environment prod = specs.environments().get("prod");
        List<Resource> resources = specs.resourcesOf("prod");
        harness.pass(prod, resources);
        Drift drift = new Drift(harness.aws(prod));

        double groupsDetected = harness.metric("converge.drift.detected", "environment", "prod", "kind", "SecurityGroup");
        double bucketsDetected = harness.metric("converge.drift.detected", "environment", "prod", "kind", "Bucket");
        drift.causeAll();
        PassReport report = harness.pass(prod, resources);

        assertThat(report.success()).as(report.toString()).isTrue();
        assertThat(drifted(report)).containsEntry("SecurityGroup/db", Action.UPDATE)
                .containsEntry("SecurityGroup/bastion", Action.UPDATE)
                .containsEntry("Subnet/app-b", Action.CREATE)
                .containsEntry("RouteTable/public", Action.UPDATE)
                .containsEntry("Bucket/prod-content", Action.UPDATE)
                .containsEntry("Bucket/prod-web-assets", Action.UPDATE)
                .containsEntry("Bucket/prod-deploy-bundles", Action.UPDATE)
                .containsEntry("Vpc/prod", Action.UPDATE)
                .containsEntry("AuroraCluster/main", Action.UPDATE)
                .containsEntry("Listener/web-http", Action.UPDATE)
                .containsEntry("AutoScalingGroup/api", Action.UPDATE)
                .containsEntry("NetworkAcl/public", Action.UPDATE)
                .containsEntry("InstanceRole/api", Action.UPDATE)
                .containsEntry("Parameter/prod-api-db-host", Action.UPDATE)
                .containsEntry("Parameter/prod-api-db-password", Action.UPDATE)
                .containsEntry("Queue/jobs", Action.UPDATE)
                .containsEntry("Topic/notifications", Action.UPDATE)
                .containsEntry("Distribution/web-assets", Action.UPDATE)
                .containsEntry("Function/image-resize", Action.UPDATE)
                .containsEntry("Bucket/prod-user-uploads", Action.UPDATE);
        assertThat(harness.metric("converge.drift.detected", "environment", "prod", "kind", "SecurityGroup") - groupsDetected).isEqualTo(2);
        assertThat(harness.metric("converge.drift.detected", "environment", "prod", "kind", "Bucket") - bucketsDetected).isEqualTo(4);
        assertThat(harness.metric("converge.changes", "environment", "prod", "kind", "Subnet", "action", "create", "result", "success"))
                .isGreaterThanOrEqualTo(1);
        assertThat(harness.metric("converge.drift.resources", "environment", "prod", "kind", "SecurityGroup")).isZero();
        drift.assertAllUndone();
        assertDeclaredStateInAws(prod, resources);
    }

    @Test
    void observeMode_reportsTheSameDriftAndLeavesItInPlace() {
        Environment enforce = specs.environments().get("prod");
        List<Resource> resources = specs.resourcesOf("prod");
        harness.pass(enforce, resources);
        Drift drift = new Drift(harness.aws(enforce));
        drift.causeAll();
        Environment observe = new Environment(enforce.name(), enforce.region(), enforce.accountId(), enforce.roleArn(),
                Mode.OBSERVE, enforce.prune(), enforce.tags());
        long mutations = harness.mutatingCalls();

        PassReport report = harness.pass(observe, resources);

        assertThat(report.success()).isTrue();
        assertThat(harness.mutatingCalls()).isEqualTo(mutations);
        assertThat(drifted(report)).containsKeys("SecurityGroup/db", "SecurityGroup/bastion", "Subnet/app-b",
                "RouteTable/public", "Bucket/prod-content", "Bucket/prod-web-assets", "Bucket/prod-deploy-bundles", "Vpc/prod",
                "AuroraCluster/main", "Listener/web-http", "AutoScalingGroup/api",
                "NetworkAcl/public", "InstanceRole/api", "Parameter/prod-api-db-host", "Parameter/prod-api-db-password",
                "Queue/jobs", "Topic/notifications", "Distribution/web-assets", "Function/image-resize", "Bucket/prod-user-uploads");
        assertThat(harness.metric("converge.drift.resources", "environment", "prod", "kind", "Bucket")).isEqualTo(4);
        assertThat(harness.metric("converge.drift.resources", "environment", "prod", "kind", "SecurityGroup")).isEqualTo(2);
        drift.assertAllInPlace();
    }

    @Test
    void resourcesWithoutConvergeTags_areNeverChanged_evenWithMatchingNames() {
        Environment prod = specs.environments().get("prod");
        AwsClients aws = harness.aws(prod);
        Ec2Client ec2 = aws.ec2();
        Vpc impostor = ec2.createVpc(r -> r.cidrBlock("10.0.0.0/16").tagSpecifications(t -> t
                .resourceType("vpc").tags(Tag.builder().key("Name").value("prod").build()))).vpc();
        String group = ec2.createSecurityGroup(r -> r.groupName("bastion").description("hand-made").vpcId(impostor.vpcId())
                .tagSpecifications(t -> t.resourceType("security-group").tags(Tag.builder().key("Name").value("bastion").build())))
                .groupId();
        ec2.authorizeSecurityGroupIngress(r -> r.groupId(group).ipPermissions(p -> p.ipProtocol("tcp").fromPort(22).toPort(22)
                .ipRanges(ip -> ip.cidrIp("0.0.0.0/0"))));

        PassReport report = harness.pass(prod, specs.resourcesOf("prod"));

        assertThat(report.success()).isTrue();
        Vpc after = ec2.describeVpcs(r -> r.vpcIds(impostor.vpcId())).vpcs().get(0);
        assertThat(after.tags()).containsExactly(Tag.builder().key("Name").value("prod").build());
        assertThat(ec2.describeSecurityGroupRules(r -> r.filters(filter("group-id", group))).securityGroupRules())
                .filteredOn(rule -> !rule.isEgress())
                .singleElement()
                .satisfies(rule -> assertThat(rule.cidrIpv4()).isEqualTo("0.0.0.0/0"));
        assertThat(ec2.describeSubnets(r -> r.filters(filter("vpc-id", impostor.vpcId()))).subnets()).isEmpty();
    }

    private static Map<String, Action> drifted(PassReport report) {
        return report.detected().changes().stream()
                .collect(Collectors.toMap(c -> c.key().toString(), Change::action));
    }

    /** Reads back, with the SDK directly, the properties the spec declares for every kind. */
    private void assertDeclaredStateInAws(Environment environment, List<Resource> resources) {
        AwsClients aws = harness.aws(environment);
        Ec2Client ec2 = aws.ec2();
        for (Resource resource : resources) {
            if (resource.spec() instanceof VpcSpec vpc) {
                Vpc live = single(ec2.describeVpcs(r -> r.filters(owned(resource))).vpcs());
                assertThat(live.cidrBlock()).isEqualTo(vpc.cidr());
                assertThat(tags(live.tags())).containsEntry("Name", resource.name())
                        .containsEntry("converge:environment", environment.name())
                        .containsAllEntriesOf(environment.tags());
                assertThat(ec2.describeInternetGateways(r -> r.filters(filter("attachment.vpc-id", live.vpcId())))
                        .internetGateways()).hasSize(Boolean.TRUE.equals(vpc.internetGateway()) ? 1 : 0);
            } else if (resource.spec() instanceof SubnetSpec subnet) {
                Subnet live = single(ec2.describeSubnets(r -> r.filters(owned(resource))).subnets());
                assertThat(live.cidrBlock()).isEqualTo(subnet.cidr());
                assertThat(live.availabilityZone()).isEqualTo(subnet.zone());
                assertThat(live.mapPublicIpOnLaunch()).isEqualTo(subnet.isPublic());
            } else if (resource.spec() instanceof SecurityGroupSpec group) {
                SecurityGroup live = single(ec2.describeSecurityGroups(r -> r.filters(owned(resource))).securityGroups());
                List<SecurityGroupRule> rules = ec2.describeSecurityGroupRules(r -> r.filters(filter("group-id", live.groupId())))
                        .securityGroupRules();
                assertThat(rules.stream().filter(r -> !r.isEgress())).hasSize(group.ingress().size());
                if (group.egress() != null) {
                    assertThat(rules.stream().filter(SecurityGroupRule::isEgress)).hasSize(group.egress().size());
                }
            } else if (resource.spec() instanceof BucketSpec bucket) {
                assertBucket(aws.s3(), bucket, environment);
            } else if (resource.spec() instanceof DistributionSpec distribution) {
                assertDistribution(aws, resource, distribution, resources, environment);
            } else if (resource.spec() instanceof LaunchTemplateSpec template) {
                LaunchTemplate live = single(ec2.describeLaunchTemplates(r -> r.filters(owned(resource))).launchTemplates());
                var data = ec2.describeLaunchTemplateVersions(r -> r.launchTemplateId(live.launchTemplateId()).versions("$Latest"))
                        .launchTemplateVersions().get(0).launchTemplateData();
                assertThat(data.imageId()).isEqualTo(template.ami());
                assertThat(data.instanceTypeAsString()).isEqualTo(template.instanceType());
                if (template.instanceRole() != null) {
                    assertThat(data.iamInstanceProfile().name()).isEqualTo(environment.name() + "-" + template.instanceRole());
                }
            } else if (resource.spec() instanceof NetworkAclSpec acl) {
                NetworkAcl live = single(ec2.describeNetworkAcls(r -> r.filters(owned(resource))).networkAcls());
                assertThat(live.entries().stream().filter(e -> !e.egress() && e.ruleNumber() <= NetworkAclSpec.LAST_RULE))
                        .hasSize(acl.inbound().size());
                assertThat(live.entries().stream().filter(e -> e.egress() && e.ruleNumber() <= NetworkAclSpec.LAST_RULE))
                        .hasSize(acl.outbound().size());
                List<String> subnetIds = acl.subnets().stream()
                        .map(name -> single(ec2.describeSubnets(r -> r.filters(filter("tag:converge:resource", "Subnet/" + name)))
                                .subnets()).subnetId())
                        .toList();
                assertThat(live.associations()).extracting(NetworkAclAssociation::subnetId).containsExactlyInAnyOrderElementsOf(subnetIds);
            } else if (resource.spec() instanceof InstanceRoleSpec role) {
                IamClient iam = aws.iam();
                String name = environment.name() + "-" + resource.name();
                assertThat(iam.getRole(r -> r.roleName(name)).role().path()).isEqualTo("/converge/" + environment.name() + "/");
                assertThat(iam.listRolePolicies(r -> r.roleName(name)).policyNames())
                        .containsExactlyInAnyOrderElementsOf(role.inlinePolicies().keySet());
                if (role.forInstances()) {
                    assertThat(iam.getInstanceProfile(r -> r.instanceProfileName(name)).instanceProfile().roles())
                            .extracting(Role::roleName).containsExactly(name);
                } else {
                    assertThat(iam.getRole(r -> r.roleName(name)).role().assumeRolePolicyDocument()).contains("lambda.amazonaws.com");
                }
            } else if (resource.spec() instanceof AutoScalingGroupSpec group) {
                AutoScalingGroup live = single(aws.autoScaling()
                        .describeAutoScalingGroups(r -> r.autoScalingGroupNames(environment.name() + "-" + resource.name()))
                        .autoScalingGroups());
                assertThat(live.minSize()).isEqualTo(group.minSize());
                assertThat(live.maxSize()).isEqualTo(group.maxSize());
                assertThat(live.instances()).hasSize(group.desiredCapacity());
                assertThat(live.healthCheckType()).isEqualTo(group.healthCheckType());
                if (group.targetGroups() != null) {
                    assertThat(live.targetGroupARNs()).containsExactlyInAnyOrderElementsOf(group.targetGroups().stream()
                            .map(name -> targetGroup(aws.elb(), environment.name() + "-" + name).targetGroupArn()).toList());
                }
            } else if (resource.spec() instanceof LoadBalancerSpec balancer) {
                LoadBalancer live = loadBalancer(aws.elb(), environment.name() + "-" + resource.name());
                assertThat(live.schemeAsString()).isEqualTo(balancer.scheme());
                assertThat(live.availabilityZones()).hasSize(balancer.subnets().size());
                assertThat(live.securityGroups()).hasSize(balancer.securityGroups().size());
                assertThat(aws.elb().describeLoadBalancerAttributes(r -> r.loadBalancerArn(live.loadBalancerArn())).attributes())
                        .extracting(a -> a.key() + "=" + a.value())
                        .contains("idle_timeout.timeout_seconds=" + balancer.idleTimeout(),
                                "deletion_protection.enabled=" + balancer.deletionProtection());
            } else if (resource.spec() instanceof TargetGroupSpec group) {
                TargetGroup live = targetGroup(aws.elb(), environment.name() + "-" + resource.name());
                assertThat(live.protocolAsString()).isEqualTo(group.protocol());
                assertThat(live.port()).isEqualTo(group.port());
                assertThat(live.healthCheckPath()).isEqualTo(group.healthCheck().path());
                assertThat(live.matcher().httpCode()).isEqualTo(group.healthCheck().matcher());
            } else if (resource.spec() instanceof ListenerSpec listener) {
                Listener live = listener(aws.elb(), environment.name() + "-" + listener.loadBalancer(), listener.port());
                assertThat(live.protocolAsString()).isEqualTo(listener.protocol());
                if (listener.defaultAction().forward() != null) {
                    assertThat(live.defaultActions().get(0).targetGroupArn()).isEqualTo(
                            targetGroup(aws.elb(), environment.name() + "-" + listener.defaultAction().forward()).targetGroupArn());
                } else {
                    assertThat(live.defaultActions().get(0).type()).isEqualTo(ActionTypeEnum.REDIRECT);
                }
                if (listener.certificateArn() != null) {
                    assertThat(live.certificates()).extracting(c -> c.certificateArn()).containsExactly(listener.certificateArn());
                }
                int rules = listener.rules() == null ? 0 : listener.rules().size();
                assertThat(aws.elb().describeRules(r -> r.listenerArn(live.listenerArn())).rules())
                        .filteredOn(r -> !Boolean.TRUE.equals(r.isDefault())).hasSize(rules);
            } else if (resource.spec() instanceof DbSubnetGroupSpec group) {
                assertThat(aws.rds().describeDBSubnetGroups(r -> r.dbSubnetGroupName(environment.name() + "-" + resource.name()))
                        .dbSubnetGroups().get(0).subnets()).hasSize(group.subnets().size());
            } else if (resource.spec() instanceof AuroraClusterSpec cluster) {
                assertCluster(aws.rds(), AuroraClusterSpec.identifier(environment.name(), resource.name()), cluster);
            } else if (resource.spec() instanceof ParameterSpec parameter) {
                Parameter live = aws.ssm().getParameter(r -> r.name(parameter.name()).withDecryption(true)).parameter();
                assertThat(live.typeAsString()).isEqualTo(parameter.type());
                assertThat(live.value()).isEqualTo(parameter.secure() ? System.getenv(parameter.valueFrom().env()) : parameter.value());
            } else if (resource.spec() instanceof QueueSpec queue) {
                assertQueue(aws.sqs(), QueueSpec.queueName(environment.name(), resource.name(), queue.isFifo()), queue, environment);
            } else if (resource.spec() instanceof TopicSpec topic) {
                assertTopic(aws, environment.name() + "-" + resource.name(), topic, environment);
            } else if (resource.spec() instanceof FunctionSpec function) {
                assertFunction(aws, FunctionSpec.functionName(environment.name(), resource.name()), resource.name(), function);
            }
        }
        long routeTables = resources.stream().filter(r -> r.kind().equals("RouteTable")).count();
        assertThat(ec2.describeRouteTables(r -> r.filters(filter("tag:converge:environment", environment.name()))).routeTables())
                .hasSize((int) routeTables);
        long natGateways = resources.stream().filter(r -> r.kind().equals("NatGateway")).count();
        assertThat(ec2.describeNatGateways(r -> r.filter(filter("state", "available"))).natGateways())
                .filteredOn(n -> tags(n.tags()).get("converge:environment").equals(environment.name()))
                .hasSize((int) natGateways);
    }

    private static LoadBalancer loadBalancer(ElasticLoadBalancingV2Client elb, String name) {
        return single(elb.describeLoadBalancers(r -> r.names(name)).loadBalancers());
    }

    private static TargetGroup targetGroup(ElasticLoadBalancingV2Client elb, String name) {
        return single(elb.describeTargetGroups(r -> r.names(name)).targetGroups());
    }

    private static Listener listener(ElasticLoadBalancingV2Client elb, String loadBalancer, int port) {
        return single(elb.describeListeners(r -> r.loadBalancerArn(loadBalancer(elb, loadBalancer).loadBalancerArn())).listeners()
                .stream().filter(l -> l.port() == port).toList());
    }

    private static Map<QueueAttributeName, String> queueAttributes(SqsClient sqs, String name) {
        String url = sqs.getQueueUrl(r -> r.queueName(name)).queueUrl();
        return sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.ALL)).attributes();
    }

    private static void assertFunction(AwsClients aws, String name, String resource, FunctionSpec function) {
        var live = aws.lambda().getFunction(r -> r.functionName(name));
        assertThat(live.configuration().memorySize()).isEqualTo(function.memory());
        assertThat(live.configuration().handler()).isEqualTo(function.handler());
        Map<String, String> expected = new java.util.HashMap<>(function.environment());
        if (function.secrets() != null) {
            function.secrets().forEach((variable, source) -> expected.put(variable, System.getenv(source.env())));
        }
        assertThat(live.configuration().environment().variables()).containsExactlyInAnyOrderEntriesOf(expected);
        assertThat(live.tags()).containsEntry("converge:resource", FunctionSpec.KIND + "/" + resource);
    }

    private static void assertQueue(SqsClient sqs, String name, QueueSpec queue, Environment environment) {
        Map<QueueAttributeName, String> live = queueAttributes(sqs, name);
        if (queue.visibilityTimeout() != null) {
            assertThat(live).containsEntry(QueueAttributeName.VISIBILITY_TIMEOUT, queue.visibilityTimeout().toString());
        }
        if (queue.messageRetention() != null) {
            assertThat(live).containsEntry(QueueAttributeName.MESSAGE_RETENTION_PERIOD, queue.messageRetention().toString());
        }
        if (queue.deadLetter() != null) {
            String deadLetterArn = queueAttributes(sqs, environment.name() + "-" + queue.deadLetter().queue()).get(QueueAttributeName.QUEUE_ARN);
            assertThat(live.get(QueueAttributeName.REDRIVE_POLICY)).contains(deadLetterArn);
        }
    }

    private static void assertTopic(AwsClients aws, String name, TopicSpec topic, Environment environment) {
        String arn = aws.sns().listTopicsPaginator(r -> {}).topics().stream().map(t -> t.topicArn())
                .filter(a -> a.endsWith(":" + name)).findFirst().orElseThrow();
        List<String> endpoints = aws.sns().listSubscriptionsByTopic(r -> r.topicArn(arn)).subscriptions().stream()
                .map(s -> s.endpoint()).toList();
        assertThat(endpoints).containsExactlyInAnyOrderElementsOf(topic.subscriptions().stream()
                .map(s -> queueAttributes(aws.sqs(), environment.name() + "-" + s.queue()).get(QueueAttributeName.QUEUE_ARN)).toList());
        for (TopicSpec.SubscriptionSpec subscription : topic.subscriptions()) {
            assertThat(queueAttributes(aws.sqs(), environment.name() + "-" + subscription.queue()).get(QueueAttributeName.POLICY))
                    .contains(TopicSpec.statementId(name), arn);
        }
    }

    /** The id of the distribution carrying the given {@code converge:resource} tag. */
    private static String distributionId(CloudFrontClient cloudFront, String resource) {
        return cloudFront.listDistributions().distributionList().items().stream()
                .filter(d -> cloudFront.listTagsForResource(r -> r.resource(d.arn())).tags().items().stream()
                        .anyMatch(t -> t.key().equals("converge:resource") && t.value().equals(resource)))
                .map(d -> d.id())
                .findFirst().orElseThrow();
    }

    private static void assertDistribution(AwsClients aws, Resource resource, DistributionSpec distribution, List<Resource> resources,
            Environment environment) {
        String id = distributionId(aws.cloudFront(), resource.key().toString());
        var live = aws.cloudFront().getDistribution(r -> r.id(id)).distribution();
        String bucket = resources.stream().filter(r -> r.key().equals(ResourceKey.of(BucketSpec.KIND, distribution.origin().bucket())))
                .map(r -> r.spec(BucketSpec.class).bucketName()).findFirst().orElseThrow();
        DistributionConfig config = live.distributionConfig();
        assertThat(config.origins().items().get(0).domainName()).isEqualTo(bucket + ".s3." + environment.region() + ".amazonaws.com");
        assertThat(config.defaultCacheBehavior().viewerProtocolPolicyAsString()).isEqualTo(distribution.effectiveViewerProtocolPolicy());
        assertThat(config.priceClassAsString()).isEqualTo(distribution.priceClass());
        if (distribution.aliases() != null) {
            assertThat(config.aliases().items()).containsExactlyInAnyOrderElementsOf(distribution.aliases());
            assertThat(config.viewerCertificate().acmCertificateArn()).isEqualTo(distribution.certificateArn());
        }
        assertThat(aws.s3().getBucketPolicy(r -> r.bucket(bucket)).policy())
                .contains(DistributionSpec.statementId(environment.name(), resource.name()), live.arn());
    }

    private static void assertCluster(RdsClient rds, String identifier, AuroraClusterSpec spec) {
        DBCluster cluster = rds.describeDBClusters(r -> r.dbClusterIdentifier(identifier)).dbClusters().get(0);
        assertThat(cluster.engine()).isEqualTo(spec.engine());
        assertThat(cluster.deletionProtection()).isEqualTo(spec.deletionProtection());
        assertThat(cluster.storageEncrypted()).isEqualTo(spec.storageEncrypted());
        assertThat(cluster.dbClusterMembers()).filteredOn(DBClusterMember::isClusterWriter).hasSize(1);
        assertThat(rds.describeDBInstances(r -> r.filters(f -> f.name("db-cluster-id").values(identifier))).dbInstances())
                .hasSize(spec.readers() + 1)
                .allSatisfy(i -> assertThat(i.dbInstanceClass()).isEqualTo(spec.instanceClass()));
    }

    private static void assertBucket(S3Client s3, BucketSpec bucket, Environment environment) {
        String name = bucket.bucketName();
        assertThat(s3.getBucketVersioning(r -> r.bucket(name)).status())
                .isEqualTo(Boolean.TRUE.equals(bucket.versioning()) ? BucketVersioningStatus.ENABLED : null);
        var rule = s3.getBucketEncryption(r -> r.bucket(name)).serverSideEncryptionConfiguration().rules().get(0)
                .applyServerSideEncryptionByDefault();
        BucketSpec.Encryption wanted = bucket.encryption().normalized();
        assertThat(rule.sseAlgorithmAsString()).isEqualTo(wanted.algorithm());
        assertThat(rule.kmsMasterKeyID()).isEqualTo(wanted.kmsKeyId());
        var block = s3.getPublicAccessBlock(r -> r.bucket(name)).publicAccessBlockConfiguration();
        assertThat(List.of(block.blockPublicAcls(), block.ignorePublicAcls(), block.blockPublicPolicy(), block.restrictPublicBuckets()))
                .containsOnly(true);
        if (bucket.lifecycle() != null) {
            assertThat(s3.getBucketLifecycleConfiguration(r -> r.bucket(name)).rules()).hasSize(bucket.lifecycle().size());
        }
        Map<String, String> tags = s3.getBucketTagging(r -> r.bucket(name)).tagSet().stream()
                .collect(Collectors.toMap(t -> t.key(), t -> t.value()));
        assertThat(tags).containsAllEntriesOf(bucket.tags()).containsAllEntriesOf(environment.tags())
                .containsEntry("converge:managed-by", Harness.CONTROLLER);
        if (bucket.policy() != null) {
            assertThat(BucketSpec.canonicalPolicy(s3.getBucketPolicy(r -> r.bucket(name)).policy()))
                    .isEqualTo(BucketSpec.canonicalPolicy(bucket.policy()));
        }
    }

    /** The drifts of the end-to-end issue, caused out of band with the SDK as an operator would. */
    private static final class Drift {
        /** A read replica of the production cluster; deleting one is a drift the design names. */
        private static final String DELETED_READER = "prod-main-3";

        private final Ec2Client ec2;
        private final S3Client s3;
        private final RdsClient rds;
        private final ElasticLoadBalancingV2Client elb;
        private final software.amazon.awssdk.services.autoscaling.AutoScalingClient autoScaling;
        private final IamClient iam;
        private final SsmClient ssm;
        private final SqsClient sqs;
        private final SnsClient sns;
        private final CloudFrontClient cloudFront;
        private final LambdaClient lambda;
        private String deletedSubnetId;
        private String handAttachedPolicy;

        Drift(AwsClients aws) {
            this.ec2 = aws.ec2();
            this.s3 = aws.s3();
            this.rds = aws.rds();
            this.iam = aws.iam();
            this.ssm = aws.ssm();
            this.elb = aws.elb();
            this.autoScaling = aws.autoScaling();
            this.sqs = aws.sqs();
            this.sns = aws.sns();
            this.cloudFront = aws.cloudFront();
            this.lambda = aws.lambda();
        }

        void causeAll() {
            String db = groupId("db");
            SecurityGroupRule fromApi = ec2.describeSecurityGroupRules(r -> r.filters(filter("group-id", db))).securityGroupRules()
                    .stream().filter(r -> !r.isEgress() && r.referencedGroupInfo() != null
                            && r.referencedGroupInfo().groupId().equals(groupId("api")))
                    .findFirst().orElseThrow();
            ec2.revokeSecurityGroupIngress(r -> r.groupId(db).securityGroupRuleIds(fromApi.securityGroupRuleId()));
            ec2.authorizeSecurityGroupIngress(r -> r.groupId(groupId("bastion")).ipPermissions(p -> p.ipProtocol("tcp")
                    .fromPort(22).toPort(22).ipRanges(ip -> ip.cidrIp("0.0.0.0/0"))));
            Subnet appB = single(ec2.describeSubnets(r -> r.filters(filter("tag:converge:resource", "Subnet/app-b"))).subnets());
            deletedSubnetId = appB.subnetId();
            for (RouteTable table : ec2.describeRouteTables(r -> r.filters(filter("association.subnet-id", deletedSubnetId))).routeTables()) {
                table.associations().stream().filter(a -> deletedSubnetId.equals(a.subnetId()))
                        .forEach(a -> ec2.disassociateRouteTable(r -> r.associationId(a.routeTableAssociationId())));
            }
            ec2.deleteSubnet(r -> r.subnetId(deletedSubnetId));
            ec2.deleteRoute(r -> r.routeTableId(routeTableId("public")).destinationCidrBlock("0.0.0.0/0"));
            s3.putBucketVersioning(r -> r.bucket("acme-prod-content").versioningConfiguration(v -> v.status(BucketVersioningStatus.SUSPENDED)));
            s3.deletePublicAccessBlock(r -> r.bucket("acme-prod-web-assets"));
            s3.putBucketEncryption(r -> r.bucket("acme-prod-deploy-bundles").serverSideEncryptionConfiguration(c -> c.rules(rule -> rule
                    .applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(ServerSideEncryption.AWS_KMS).kmsMasterKeyID("someone-elses-key")))));
            String vpc = single(ec2.describeVpcs(r -> r.filters(filter("tag:converge:resource", "Vpc/prod"))).vpcs()).vpcId();
            ec2.deleteTags(r -> r.resources(vpc).tags(Tag.builder().key("cost-center").build()));
            rds.deleteDBInstance(r -> r.dbInstanceIdentifier(DELETED_READER));
            ec2.createNetworkAclEntry(r -> r.networkAclId(aclId("public")).ruleNumber(90).egress(false).protocol("6")
                    .ruleAction(RuleAction.ALLOW).cidrBlock("0.0.0.0/0").portRange(p -> p.from(3389).to(3389)));
            handAttachedPolicy = iam.createPolicy(r -> r.policyName("everything").policyDocument(
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}"))
                    .policy().arn();
            iam.attachRolePolicy(r -> r.roleName("prod-api").policyArn(handAttachedPolicy));
            String api = targetGroup(elb, "prod-api").targetGroupArn();
            elb.modifyListener(r -> r.listenerArn(listener(elb, "prod-web", 80).listenerArn())
                    .defaultActions(a -> a.type(ActionTypeEnum.FORWARD).targetGroupArn(api)));
            autoScaling.detachLoadBalancerTargetGroups(r -> r.autoScalingGroupName("prod-api").targetGroupARNs(api));
            ssm.putParameter(r -> r.name("/prod/api/db-host").type(ParameterType.STRING).value("db.example.net").overwrite(true));
            ssm.putParameter(r -> r.name("/prod/api/db-password").type(ParameterType.SECURE_STRING).value("set-by-hand").overwrite(true));
            sqs.setQueueAttributes(r -> r.queueUrl(jobsQueue()).attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "5")));
            sns.unsubscribe(r -> r.subscriptionArn(notificationSubscriptions().get(0)));
            String webAssets = distributionId(cloudFront, "Distribution/web-assets");
            GetDistributionConfigResponse current = cloudFront.getDistributionConfig(r -> r.id(webAssets));
            DistributionConfig config = current.distributionConfig();
            cloudFront.updateDistribution(r -> r.id(webAssets).ifMatch(current.eTag()).distributionConfig(config.toBuilder()
                    .defaultCacheBehavior(config.defaultCacheBehavior().toBuilder().viewerProtocolPolicy("allow-all").build()).build()));
            lambda.updateFunctionConfiguration(r -> r.functionName("prod-image-resize").memorySize(3008));
            s3.putBucketNotificationConfiguration(r -> r.bucket(UPLOADS).notificationConfiguration(c -> c.lambdaFunctionConfigurations(
                    uploadNotifications().stream().filter(n -> !n.lambdaFunctionArn().endsWith(":prod-originals-backup")).toList())));
        }

        private String webAssetsViewerProtocolPolicy() {
            String webAssets = distributionId(cloudFront, "Distribution/web-assets");
            return cloudFront.getDistributionConfig(r -> r.id(webAssets)).distributionConfig().defaultCacheBehavior()
                    .viewerProtocolPolicyAsString();
        }

        private static final String UPLOADS = "acme-prod-user-uploads";

        private List<LambdaFunctionConfiguration> uploadNotifications() {
            return s3.getBucketNotificationConfiguration(r -> r.bucket(UPLOADS)).lambdaFunctionConfigurations();
        }

        private int imageResizeMemory() {
            return lambda.getFunction(r -> r.functionName("prod-image-resize")).configuration().memorySize();
        }

        private String parameter(String name) {
            return ssm.getParameter(r -> r.name(name).withDecryption(true)).parameter().value();
        }

        private String jobsQueue() {
            return sqs.getQueueUrl(r -> r.queueName("prod-jobs")).queueUrl();
        }

        private String jobsVisibilityTimeout() {
            return sqs.getQueueAttributes(r -> r.queueUrl(jobsQueue()).attributeNames(QueueAttributeName.VISIBILITY_TIMEOUT))
                    .attributes().get(QueueAttributeName.VISIBILITY_TIMEOUT);
        }

        private List<String> notificationSubscriptions() {
            String topic = sns.listTopicsPaginator(r -> {}).topics().stream().map(t -> t.topicArn())
                    .filter(a -> a.endsWith(":prod-notifications")).findFirst().orElseThrow();
            return sns.listSubscriptionsByTopic(r -> r.topicArn(topic)).subscriptions().stream().map(s -> s.subscriptionArn()).toList();
        }

        private List<String> apiFleetTargetGroups() {
            return autoScaling.describeAutoScalingGroups(r -> r.autoScalingGroupNames("prod-api")).autoScalingGroups().get(0)
                    .targetGroupARNs();
        }

        private ActionTypeEnum httpListenerAction() {
            return listener(elb, "prod-web", 80).defaultActions().get(0).type();
        }

        void assertAllUndone() {
            assertThat(rulesOf("db")).anySatisfy(r -> assertThat(r.referencedGroupInfo()).isNotNull());
            assertThat(rulesOf("db").stream().filter(r -> !r.isEgress())).hasSize(3);
            assertThat(rulesOf("bastion")).noneMatch(r -> !r.isEgress() && "0.0.0.0/0".equals(r.cidrIpv4()));
            Subnet appB = single(ec2.describeSubnets(r -> r.filters(filter("tag:converge:resource", "Subnet/app-b"))).subnets());
            assertThat(appB.subnetId()).isNotEqualTo(deletedSubnetId);
            assertThat(ec2.describeRouteTables(r -> r.filters(filter("association.subnet-id", appB.subnetId()))).routeTables())
                    .singleElement().satisfies(t -> assertThat(tags(t.tags())).containsEntry("converge:resource", "RouteTable/private-b"));
            assertThat(publicRouteToInternet()).isTrue();
            assertThat(s3.getBucketVersioning(r -> r.bucket("acme-prod-content")).status()).isEqualTo(BucketVersioningStatus.ENABLED);
            assertThat(s3.getPublicAccessBlock(r -> r.bucket("acme-prod-web-assets")).publicAccessBlockConfiguration().blockPublicAcls()).isTrue();
            assertThat(deployBundlesAlgorithm()).isEqualTo("AES256");
            assertThat(tags(single(ec2.describeVpcs(r -> r.filters(filter("tag:converge:resource", "Vpc/prod"))).vpcs()).tags()))
                    .containsEntry("cost-center", "platform");
            assertThat(clusterInstances()).contains(DELETED_READER).hasSize(3);
            assertThat(httpListenerAction()).isEqualTo(ActionTypeEnum.REDIRECT);
            assertThat(apiFleetTargetGroups()).containsExactly(targetGroup(elb, "prod-api").targetGroupArn());
            assertThat(aclRules("public")).doesNotContain(90);
            assertThat(attachedToApi()).doesNotContain(handAttachedPolicy);
            assertThat(parameter("/prod/api/db-host")).isEqualTo("main.cluster-example.us-east-1.rds.amazonaws.com");
            assertThat(parameter("/prod/api/db-password")).isEqualTo(System.getenv("PROD_DB_PASSWORD"));
            assertThat(jobsVisibilityTimeout()).isEqualTo("300");
            assertThat(notificationSubscriptions()).hasSize(1);
            assertThat(webAssetsViewerProtocolPolicy()).isEqualTo("redirect-to-https");
            assertThat(imageResizeMemory()).isEqualTo(1024);
            assertThat(uploadNotifications()).hasSize(3);
        }

        void assertAllInPlace() {
            assertThat(rulesOf("db").stream().filter(r -> !r.isEgress())).hasSize(2);
            assertThat(rulesOf("bastion")).anyMatch(r -> !r.isEgress() && "0.0.0.0/0".equals(r.cidrIpv4()));
            assertThat(ec2.describeSubnets(r -> r.filters(filter("tag:converge:resource", "Subnet/app-b"))).subnets()).isEmpty();
            assertThat(publicRouteToInternet()).isFalse();
            assertThat(s3.getBucketVersioning(r -> r.bucket("acme-prod-content")).status()).isEqualTo(BucketVersioningStatus.SUSPENDED);
            assertThatThrownBy(() -> s3.getPublicAccessBlock(r -> r.bucket("acme-prod-web-assets")))
                    .isInstanceOf(S3Exception.class)
                    .hasMessageContaining("public access block");
            assertThat(deployBundlesAlgorithm()).isEqualTo("aws:kms");
            assertThat(tags(single(ec2.describeVpcs(r -> r.filters(filter("tag:converge:resource", "Vpc/prod"))).vpcs()).tags()))
                    .doesNotContainKey("cost-center");
            assertThat(clusterInstances()).doesNotContain(DELETED_READER).hasSize(2);
            assertThat(httpListenerAction()).isEqualTo(ActionTypeEnum.FORWARD);
            assertThat(apiFleetTargetGroups()).isEmpty();
            assertThat(aclRules("public")).contains(90);
            assertThat(attachedToApi()).contains(handAttachedPolicy);
            assertThat(parameter("/prod/api/db-host")).isEqualTo("db.example.net");
            assertThat(parameter("/prod/api/db-password")).isEqualTo("set-by-hand");
            assertThat(jobsVisibilityTimeout()).isEqualTo("5");
            assertThat(notificationSubscriptions()).isEmpty();
            assertThat(webAssetsViewerProtocolPolicy()).isEqualTo("allow-all");
            assertThat(imageResizeMemory()).isEqualTo(3008);
            assertThat(uploadNotifications()).hasSize(2);
        }

        private List<Integer> aclRules(String name) {
            return ec2.describeNetworkAcls(r -> r.networkAclIds(aclId(name))).networkAcls().get(0).entries().stream()
                    .filter(e -> !e.egress())
                    .map(e -> e.ruleNumber())
                    .toList();
        }

        private List<String> attachedToApi() {
            return iam.listAttachedRolePolicies(r -> r.roleName("prod-api")).attachedPolicies().stream()
                    .map(AttachedPolicy::policyArn)
                    .toList();
        }

        private String aclId(String name) {
            return single(ec2.describeNetworkAcls(r -> r.filters(filter("tag:converge:resource", "NetworkAcl/" + name)))
                    .networkAcls()).networkAclId();
        }

        private List<String> clusterInstances() {
            return rds.describeDBInstances(r -> r.filters(f -> f.name("db-cluster-id").values("prod-main"))).dbInstances().stream()
                    .map(DBInstance::dbInstanceIdentifier)
                    .toList();
        }

        private String deployBundlesAlgorithm() {
            return s3.getBucketEncryption(r -> r.bucket("acme-prod-deploy-bundles")).serverSideEncryptionConfiguration().rules().get(0)
                    .applyServerSideEncryptionByDefault().sseAlgorithmAsString();
        }

        private boolean publicRouteToInternet() {
            RouteTable table = ec2.describeRouteTables(r -> r.routeTableIds(routeTableId("public"))).routeTables().get(0);
            return table.routes().stream().anyMatch(r -> "0.0.0.0/0".equals(r.destinationCidrBlock())
                    && r.gatewayId() != null && r.gatewayId().startsWith("igw-"));
        }

        private List<SecurityGroupRule> rulesOf(String group) {
            return ec2.describeSecurityGroupRules(r -> r.filters(filter("group-id", groupId(group)))).securityGroupRules();
        }

        private String groupId(String name) {
            return single(ec2.describeSecurityGroups(r -> r.filters(filter("tag:converge:resource", "SecurityGroup/" + name)))
                    .securityGroups()).groupId();
        }

        private String routeTableId(String name) {
            return single(ec2.describeRouteTables(r -> r.filters(filter("tag:converge:resource", "RouteTable/" + name)))
                    .routeTables()).routeTableId();
        }
    }

    private static Filter owned(Resource resource) {
        return filter("tag:converge:resource", resource.key().toString());
    }

    private static Filter filter(String name, String value) {
        return Filter.builder().name(name).values(value).build();
    }

    private static Map<String, String> tags(List<Tag> tags) {
        return tags.stream().collect(Collectors.toMap(Tag::key, Tag::value));
    }

    private static <T> T single(List<T> items) {
        assertThat(items).hasSize(1);
        return items.get(0);
    }
}
