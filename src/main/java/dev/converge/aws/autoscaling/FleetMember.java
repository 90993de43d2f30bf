package dev.converge.aws.autoscaling;

import dev.converge.aws.ec2.TemplateVersion;
import java.util.Objects;
import java.util.Set;

/**
 * One instance of a group as observed: its lifecycle state, the template version AWS says it was
 * launched from, and what it actually runs.
 */
public record FleetMember(String instanceId, String lifecycleState, String templateVersion, String imageId, String instanceType) {

    private static final Set<String> LEAVING = Set.of("Terminating", "Terminating:Wait", "Terminating:Proceed",
            "Terminated", "Detaching", "Detached");

    boolean inService() {
        return "InService".equals(lifecycleState);
    }

    /** Launching or going away: a group with such instances is still settling after the last batch. */
    boolean settling() {
        return lifecycleState != null && (lifecycleState.startsWith("Pending") || lifecycleState.startsWith("Terminating"));
    }

    /**
     * Whether the instance must be replaced to run the template's latest version. Its image and type
     * are compared too: moto reports every instance on the template's current default version, so only
     * what an instance runs tells an old one apart there.
     */
    boolean outdated(TemplateVersion latest) {
        if (LEAVING.contains(lifecycleState)) {
            return false;
        }
        return templateVersion != null && !templateVersion.equals(Long.toString(latest.number()))
                || imageId != null && !imageId.equals(latest.imageId())
                || instanceType != null && !Objects.equals(instanceType, latest.instanceType());
    }
}
