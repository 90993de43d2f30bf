package dev.converge.aws.ec2;

import dev.converge.aws.DriverContext;
import dev.converge.model.Fields;
import dev.converge.model.InstanceRoleSpec;
import dev.converge.model.LaunchTemplateSpec;
import dev.converge.model.LaunchTemplateSpec.BlockDevice;
import dev.converge.model.ResourceKey;
import dev.converge.model.SecurityGroupSpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateBlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateBlockDeviceMappingRequest;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateIamInstanceProfileSpecification;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateTagSpecificationRequest;
import software.amazon.awssdk.services.ec2.model.RequestLaunchTemplateData;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.ResponseLaunchTemplateData;

/** A launch template's data: built whole from the spec, and read back into the spec's fields. */
final class LaunchTemplateContent {

    private static final String ARN_PREFIX = "arn:";

    private LaunchTemplateContent() {}

    /**
     * The complete data of a version. Every version carries all of it (moto ignores SourceVersion, and a
     * version based on someone else's would keep content the spec does not declare).
     *
     * @param instanceTags the tags the template hands on to its instances and their volumes
     */
    static RequestLaunchTemplateData request(LaunchTemplateSpec spec, Map<String, String> instanceTags, DriverContext context) {
        RequestLaunchTemplateData.Builder data = RequestLaunchTemplateData.builder()
                .imageId(spec.ami())
                .instanceType(spec.instanceType())
                .tagSpecifications(tagged(ResourceType.INSTANCE, instanceTags), tagged(ResourceType.VOLUME, instanceTags));
        if (spec.securityGroups() != null) {
            data.securityGroupIds(spec.securityGroups().stream()
                    .map(name -> context.idOf(ResourceKey.of(SecurityGroupSpec.KIND, name)))
                    .toList());
        }
        if (spec.iamInstanceProfile() != null) {
            String profile = spec.iamInstanceProfile();
            data.iamInstanceProfile(p -> {
                if (profile.startsWith(ARN_PREFIX)) {
                    p.arn(profile);
                } else {
                    p.name(profile);
                }
            });
        }
        if (spec.instanceRole() != null) {
            // The role's instance profile has the role's name.
            String profile = context.idOf(ResourceKey.of(InstanceRoleSpec.KIND, spec.instanceRole()));
            data.iamInstanceProfile(p -> p.name(profile));
        }
        if (spec.userData() != null) {
            data.userData(Base64.getEncoder().encodeToString(spec.userData().getBytes(StandardCharsets.UTF_8)));
        }
        if (spec.blockDevices() != null) {
            data.blockDeviceMappings(spec.blockDevices().stream().map(LaunchTemplateContent::mapping).toList());
        }
        return data.build();
    }

    private static LaunchTemplateTagSpecificationRequest tagged(ResourceType type, Map<String, String> tags) {
        return LaunchTemplateTagSpecificationRequest.builder()
                .resourceType(type)
                .tags(Ec2Tags.toTags(tags))
                .build();
    }

    private static LaunchTemplateBlockDeviceMappingRequest mapping(BlockDevice device) {
        return LaunchTemplateBlockDeviceMappingRequest.builder()
                .deviceName(device.deviceName())
                .ebs(e -> e.volumeSize(device.volumeSize())
                        .volumeType(device.volumeType())
                        .encrypted(device.encrypted())
                        .deleteOnTermination(device.deleteOnTermination()))
                .build();
    }

    /** The spec's fields of a version's data; security groups by spec name where Converge manages them. */
    static Map<String, Object> read(ResponseLaunchTemplateData data, DriverContext context) {
        return new Fields()
                .put(LaunchTemplateSpec.AMI, data.imageId())
                .put(LaunchTemplateSpec.INSTANCE_TYPE, data.instanceTypeAsString())
                .put(LaunchTemplateSpec.SECURITY_GROUPS, new TreeSet<>(data.securityGroupIds().stream()
                        .map(id -> context.observed().nameOrId(SecurityGroupSpec.KIND, id))
                        .toList()))
                .put(LaunchTemplateSpec.IAM_INSTANCE_PROFILE, profile(data.iamInstanceProfile()))
                .put(LaunchTemplateSpec.INSTANCE_ROLE, instanceRole(data.iamInstanceProfile(), context))
                .put(LaunchTemplateSpec.USER_DATA, data.userData() == null ? null
                        : new String(Base64.getDecoder().decode(data.userData()), StandardCharsets.UTF_8))
                .put(LaunchTemplateSpec.BLOCK_DEVICES, blockDevices(data.blockDeviceMappings()))
                .build();
    }

    private static String profile(LaunchTemplateIamInstanceProfileSpecification profile) {
        if (profile == null) {
            return null;
        }
        return profile.arn() != null ? profile.arn() : profile.name();
    }

    /** The managed role whose profile the template names, by name or ARN (whose last segment is the name). */
    private static String instanceRole(LaunchTemplateIamInstanceProfileSpecification profile, DriverContext context) {
        String named = profile(profile);
        if (named == null) {
            return null;
        }
        String name = named.startsWith(ARN_PREFIX) ? named.substring(named.lastIndexOf('/') + 1) : named;
        return context.observed().nameOf(InstanceRoleSpec.KIND, name).orElse(null);
    }

    private static List<BlockDevice> blockDevices(List<LaunchTemplateBlockDeviceMapping> mappings) {
        return mappings.stream()
                .map(m -> m.ebs() == null
                        ? new BlockDevice(m.deviceName(), null, null, null, null)
                        : new BlockDevice(m.deviceName(), m.ebs().volumeSize(), m.ebs().volumeTypeAsString(),
                                m.ebs().encrypted(), m.ebs().deleteOnTermination()))
                .toList();
    }
}
