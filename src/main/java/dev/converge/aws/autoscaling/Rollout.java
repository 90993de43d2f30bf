package dev.converge.aws.autoscaling;

import dev.converge.aws.ec2.TemplateVersion;
import java.util.List;
import org.jboss.logging.Logger;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.InstanceRefreshInProgressException;

/**
 * Moves a group's instances onto its template's latest version without taking capacity to zero. AWS's
 * instance refresh does it when available; otherwise (moto answers StartInstanceRefresh with an HTTP
 * 500) each call replaces a small batch of outdated instances, and the passes that follow, which still
 * see outdated instances as drift, replace the rest.
 */
final class Rollout {

    private static final Logger LOG = Logger.getLogger(Rollout.class);

    /** The share of capacity that must stay in service while a refresh replaces instances. */
    static final int MIN_HEALTHY_PERCENTAGE = 90;

    private Rollout() {}

    static List<String> outdated(List<FleetMember> members, TemplateVersion latest) {
        return members.stream().filter(m -> m.outdated(latest)).map(FleetMember::instanceId).toList();
    }

    /** At most a tenth of the desired capacity, and at least one instance, is replaced at a time. */
    static int batch(int desiredCapacity) {
        return Math.max(1, desiredCapacity / 10);
    }

    static void roll(AutoScalingClient autoScaling, String group, int desiredCapacity, List<String> outdated) {
        if (outdated.isEmpty()) {
            return;
        }
        try {
            autoScaling.startInstanceRefresh(r -> r.autoScalingGroupName(group)
                    .preferences(p -> p.minHealthyPercentage(MIN_HEALTHY_PERCENTAGE)));
            LOG.infof("rolling %s: instance refresh started for %d outdated instances", group, outdated.size());
            return;
        } catch (InstanceRefreshInProgressException e) {
            LOG.infof("rolling %s: instance refresh in progress, %d outdated instances remain", group, outdated.size());
            return;
        } catch (AwsServiceException e) {
            if (!isNotImplemented(e)) {
                throw e;
            }
        }
        List<String> batch = outdated.stream().limit(batch(desiredCapacity)).toList();
        for (String instance : batch) {
            autoScaling.terminateInstanceInAutoScalingGroup(r -> r.instanceId(instance).shouldDecrementDesiredCapacity(false));
        }
        LOG.infof("rolling %s: replaced %s, %d outdated instances remain", group, batch, outdated.size() - batch.size());
    }

    /** An emulator's answer to an operation it lacks: an HTTP 500 without an AWS error code. */
    private static boolean isNotImplemented(AwsServiceException e) {
        return e.statusCode() == 500 && (e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null);
    }
}
