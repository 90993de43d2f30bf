package dev.converge.aws;

import dev.converge.aws.autoscaling.AutoScalingGroupDriver;
import dev.converge.aws.cloudfront.DistributionDriver;
import dev.converge.aws.events.EventRuleDriver;
import dev.converge.aws.ec2.LaunchTemplateDriver;
import dev.converge.aws.ec2.NatGatewayDriver;
import dev.converge.aws.ec2.NetworkAclDriver;
import dev.converge.aws.ec2.RouteTableDriver;
import dev.converge.aws.ec2.SecurityGroupDriver;
import dev.converge.aws.ec2.SubnetDriver;
import dev.converge.aws.ec2.VpcDriver;
import dev.converge.aws.elb.ListenerDriver;
import dev.converge.aws.elb.LoadBalancerDriver;
import dev.converge.aws.elb.TargetGroupDriver;
import dev.converge.aws.iam.InstanceRoleDriver;
import dev.converge.aws.lambda.FunctionDriver;
import dev.converge.aws.ssm.ParameterDriver;
import dev.converge.aws.rds.AuroraClusterDriver;
import dev.converge.aws.rds.DbSubnetGroupDriver;
import dev.converge.aws.s3.BucketDriver;
import dev.converge.aws.sns.TopicDriver;
import dev.converge.aws.sqs.QueueDriver;
import java.util.List;

/**
 * Every resource driver, in the order kinds are observed and created: what a kind refers to comes first.
 * Buckets come before load balancers, which write their access logs to them; prune deletes in reverse,
 * so a listener goes before its target group and a target group before its load balancer. Queues come
 * before topics, which subscribe them and read their policies from the queues' observation, and before
 * Converge's own event rule, which sends to its queue. Distributions come after the buckets they serve
 * and log to, and are deleted before them. Functions come after the instance roles they run as and the
 * buckets their code may be in; a bucket that notifies a function is created after it all the same, as
 * its notifications are ordering references.
 */
public final class Drivers {

    private Drivers() {}

    public static List<ResourceDriver> all() {
        return List.of(
                new VpcDriver(),
                new SubnetDriver(),
                new NatGatewayDriver(),
                new RouteTableDriver(),
                new NetworkAclDriver(),
                new SecurityGroupDriver(),
                new InstanceRoleDriver(),
                new ParameterDriver(),
                new LaunchTemplateDriver(),
                new BucketDriver(),
                new FunctionDriver(),
                new LoadBalancerDriver(),
                new TargetGroupDriver(),
                new ListenerDriver(),
                new AutoScalingGroupDriver(),
                new DbSubnetGroupDriver(),
                new AuroraClusterDriver(),
                new QueueDriver(),
                new TopicDriver(),
                new DistributionDriver(),
                new EventRuleDriver());
    }

    public static List<String> kindOrder(List<ResourceDriver> drivers) {
        return drivers.stream().map(ResourceDriver::kind).toList();
    }
}
