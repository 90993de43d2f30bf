package dev.converge.spec;

import static dev.converge.spec.SpecFixtures.BROKEN;
import static dev.converge.spec.SpecFixtures.assertSingleError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.model.InstanceRoleSpec;
import dev.converge.model.LaunchTemplateSpec;
import dev.converge.model.NetworkAclSpec;
import dev.converge.model.Reference;
import dev.converge.model.Resource;
import dev.converge.model.ResourceKey;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Validation of network ACLs, instance roles and the templates that name them: located errors and warnings. */
class AclAndRoleChecksTest {

    private static final Path WARNED = BROKEN.resolveSibling("warnings");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            acl-duplicate-rule-number.yaml     | 24 | 14 | spec.inbound[2].rule: rule 100 is already declared by inbound[0]
            acl-rule-number-out-of-range.yaml  | 22 | 14 | spec.outbound[0].rule: rule numbers are 1 to 32766, got 32767
            acl-ports-on-protocol-number.yaml  | 22 | 40 | spec.inbound[0].ports: an ACL entry has ports only for tcp and udp
            acl-unknown-action.yaml            | 22 | 75 | spec.inbound[0].action: 'permit' is not an action (use allow or deny)
            acl-subnet-in-two-acls.yaml        | 24 | 29 | spec.subnets[0]: Subnet 'public-a' is already guarded by NetworkAcl 'one'
            role-policy-with-principal.yaml    | 19 | 11 | spec.inlinePolicies.parameters.Statement[0]: a role's policy names no Principal
            role-bad-managed-policy-arn.yaml   | 15 | 21 | spec.managedPolicies[0]: 'AmazonSSMManagedInstanceCore' is not a managed policy ARN
            role-policy-not-json.yaml          | 16 | 17 | spec.inlinePolicies.parameters: not a JSON policy document
            template-role-and-profile.yaml     | 9  | 74 | spec.instanceRole: a template has either instanceRole (a role of the spec) or iamInstanceProfile
            template-undefined-role.yaml       | 9  | 74 | spec.instanceRole: InstanceRole 'worker' is not defined in environment 'prod'
            """)
    void validate_reportsABrokenAclOrRoleOnce_atTheOffendingField(String fixture, int line, int column, String message) {
        assertSingleError(fixture, line, column, message);
    }

    @Test
    void duplicateRuleNumbers_pointAtTheEarlierEntryToo() {
        Path file = BROKEN.resolve("acl-duplicate-rule-number.yaml");

        assertThat(SpecFixtures.errorsOf(file).get(0).message()).contains("(" + file + ":22:14)");
    }

    @Test
    void anInstanceRoleNoTemplateNames_isAWarning_andTheSpecIsUsed() {
        Path file = WARNED.resolve("role-no-template.yaml");
        DesiredState state = SpecLoader.load(file);

        assertThat(state.warnings()).extracting(SpecError::toString).containsExactly(file + ":23:18: metadata.name: no"
                + " LaunchTemplate of environment 'prod' names InstanceRole 'batch' as its instanceRole, so no instance gets it");
        assertThat(state.resourcesOf("prod")).extracting(Resource::key)
                .contains(ResourceKey.of(InstanceRoleSpec.KIND, "batch"), ResourceKey.of(InstanceRoleSpec.KIND, "api"));
    }

    @Test
    void aTemplateNamingARole_isCreatedAfterIt_andAnAclAfterItsVpcAndSubnets() {
        Resource template = SpecLoader.load(WARNED.resolve("role-no-template.yaml")).resourcesOf("prod").stream()
                .filter(r -> r.kind().equals(LaunchTemplateSpec.KIND)).findFirst().orElseThrow();
        NetworkAclSpec acl = new NetworkAclSpec("prod", null, null, List.of("public-a"), null, null);

        assertThat(template.references()).containsExactly(Reference.ordering(InstanceRoleSpec.KIND, "api", LaunchTemplateSpec.INSTANCE_ROLE));
        assertThat(acl.references()).extracting(Reference::target)
                .containsExactly(ResourceKey.of("Vpc", "prod"), ResourceKey.of("Subnet", "public-a"));
    }
}
