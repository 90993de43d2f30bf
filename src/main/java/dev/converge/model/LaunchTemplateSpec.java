package dev.converge.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A launch template: the content every instance of a fleet starts from. A change of content is a new
 * template version, never an edit of an existing one, so a fleet can roll onto it.
 *
 * @param ami the image id
 * @param iamInstanceProfile an instance profile name or ARN, for a profile Converge does not manage
 * @param instanceRole an {@link InstanceRoleSpec InstanceRole} of the spec by name, whose instance profile
 *     the instances get; the role is created before the template
 * @param userData plain text; the driver encodes it. Boot scripts carry tokens, so it is sensitive
 */
public record LaunchTemplateSpec(
        @SpecField(required = true) String ami,
        @SpecField(required = true) String instanceType,
        List<String> securityGroups,
        String iamInstanceProfile,
        String instanceRole,
        @SpecField(sensitive = true) String userData,
        List<BlockDevice> blockDevices,
        Map<String, String> tags,
        Management management)
        implements KindSpec {

    public static final String KIND = "LaunchTemplate";

    /** The spec's field names, as written in YAML; every use of a field name goes through these. */
    public static final String AMI = "ami";
    public static final String INSTANCE_TYPE = "instanceType";
    public static final String SECURITY_GROUPS = "securityGroups";
    public static final String IAM_INSTANCE_PROFILE = "iamInstanceProfile";
    public static final String INSTANCE_ROLE = "instanceRole";
    public static final String USER_DATA = "userData";
    public static final String BLOCK_DEVICES = "blockDevices";

    /** An EBS volume attached at launch; undeclared attributes are left to AWS's defaults. */
    public record BlockDevice(
            String deviceName, Integer volumeSize, String volumeType, Boolean encrypted, Boolean deleteOnTermination) {}

    /** A template whose instances run without a role of the spec. */
    public LaunchTemplateSpec(String ami, String instanceType, List<String> securityGroups, String iamInstanceProfile,
            String userData, List<BlockDevice> blockDevices, Map<String, String> tags, Management management) {
        this(ami, instanceType, securityGroups, iamInstanceProfile, null, userData, blockDevices, tags, management);
    }

    public LaunchTemplateSpec {
        securityGroups = Specs.copy(securityGroups);
        blockDevices = Specs.copy(blockDevices);
        tags = Specs.tags(tags);
        management = Specs.management(management);
    }

    @Override
    public List<Reference> references() {
        List<Reference> references = new ArrayList<>();
        Specs.addOrdering(references, SecurityGroupSpec.KIND, securityGroups, SECURITY_GROUPS);
        if (instanceRole != null) {
            references.add(Reference.ordering(InstanceRoleSpec.KIND, instanceRole, INSTANCE_ROLE));
        }
        return List.copyOf(references);
    }

    @Override
    public Map<String, Object> properties() {
        return new Fields()
                .put(AMI, ami)
                .put(INSTANCE_TYPE, instanceType)
                .put(SECURITY_GROUPS, securityGroups == null ? null : new TreeSet<>(securityGroups))
                .put(IAM_INSTANCE_PROFILE, iamInstanceProfile)
                .put(INSTANCE_ROLE, instanceRole)
                .put(USER_DATA, userData)
                .put(BLOCK_DEVICES, blockDevices)
                .build();
    }

    @Override
    public Set<String> replacementFields() {
        return Set.of();
    }
}
