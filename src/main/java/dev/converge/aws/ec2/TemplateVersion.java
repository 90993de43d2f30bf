package dev.converge.aws.ec2;

import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateVersion;

/**
 * The latest version of a launch template and what an instance launched from it runs: what a fleet
 * compares its instances with to know whether they must be replaced.
 */
public record TemplateVersion(String templateId, long number, String imageId, String instanceType) {

    /** The version a group names to always launch the newest one. */
    public static final String LATEST = "$Latest";

    static TemplateVersion of(LaunchTemplateVersion version) {
        return new TemplateVersion(version.launchTemplateId(), version.versionNumber(),
                version.launchTemplateData().imageId(), version.launchTemplateData().instanceTypeAsString());
    }

    /** Reads the template's latest version now, not as observed at the start of the round. */
    public static TemplateVersion latest(Ec2Client ec2, String templateId) {
        return of(latestOf(ec2, templateId));
    }

    static LaunchTemplateVersion latestOf(Ec2Client ec2, String templateId) {
        return ec2.describeLaunchTemplateVersions(r -> r.launchTemplateId(templateId).versions(LATEST))
                .launchTemplateVersions().get(0);
    }
}
