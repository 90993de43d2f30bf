package dev.converge.aws.autoscaling;

import dev.converge.aws.ec2.TemplateVersion;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.InstanceRefreshInProgressException;

/**
 * Moves a group's instances onto its template's latest version without taking capacity to zero. AWS's
 * instance refresh does it when available; otherwise (moto answers StartInstanceRefresh with an HTTP
 * 500) each call replaces a small batch of outdated instances, and the passes that follow, which still
 * see outdated instances as drift, replace the rest. A group with a single instance in service can
 * only be rolled by an instance refresh: replacing it by hand would leave nothing in service.
 */
final class Rollout {

    private static final Logger LOG = Logger.getLogger(Rollout.class);

    /** The share of capacity that must stay in service while a refresh replaces instances. */
    static final int MIN_HEALTHY_PERCENTAGE = 90;

    private Rollout() {}

    static List<String> outdated(List<FleetMember> members, TemplateVersion latest) {
        return members.stream().filter(m -> m.outdated(latest)).map(FleetMember::instanceId).toList();
    }

    /**
     * What the group is still doing by itself, as observed: instances launching or terminating after the
     * last batch, or a fleet part on the latest version and part not, which a rollout (a batch
     * replacement or an instance refresh) is working through. Empty when the group has settled.
     */
    static Optional<String> progress(List<FleetMember> members, Optional<TemplateVersion> latest) {
        long settling = members.stream().filter(FleetMember::settling).count();
        if (settling > 0) {
            return Optional.of(settling + " of " + members.size() + " instances launching or terminating");
        }
        if (latest.isEmpty()) {
            return Optional.empty();
        }
        long outdated = outdated(members, latest.get()).size();
        boolean someReplaced = members.stream().anyMatch(m -> m.inService() && !m.outdated(latest.get()));
        return outdated > 0 && someReplaced
                ? Optional.of("rolling: " + outdated + " of " + members.size() + " instances still on an older version")
                : Optional.empty();
    }

    /** At most a tenth of the desired capacity, and at least one instance, is replaced at a time. */
    static int batch(int desiredCapacity) {
        return Math.max(1, desiredCapacity / 10);
    }

    /**
     * The outdated instances to replace now: none while the previous batch is still launching or
     * terminating, and never the last instance in service.
     */
    static List<String> nextBatch(List<FleetMember> members, TemplateVersion latest, int desiredCapacity) {
        if (members.stream().anyMatch(FleetMember::settling)) {
            return List.of();
        }
        long inService = members.stream().filter(FleetMember::inService).count();
        long size = Math.min(batch(desiredCapacity), inService - 1);
        return outdated(members, latest).stream().limit(Math.max(0, size)).toList();
    }

    static void roll(AutoScalingClient autoScaling, String group, int desiredCapacity, List<FleetMember> members,
            TemplateVersion latest) {
        List<String> outdated = outdated(members, latest);
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
        List<String> batch = nextBatch(members, latest, desiredCapacity);
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
