package dev.converge.aws.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.converge.engine.PassReport;
import dev.converge.model.Environment;
import dev.converge.model.InstanceRoleSpec;
import dev.converge.model.KindSpec;
import dev.converge.model.LaunchTemplateSpec;
import dev.converge.model.Mode;
import dev.converge.model.PolicyDocument;
import dev.converge.model.Resource;
import dev.converge.model.ResourceKey;
import dev.converge.plan.Action;
import dev.converge.plan.FieldChange;
import dev.converge.testing.Harness;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.InstanceProfile;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * An instance role for an API fleet, with a managed policy and an inline policy scoped to the
 * fleet's Parameter Store prefix, handed to instances by a launch template; converged against moto and
 * read back from IAM, drifted out of band, observed, pruned, and finished after an interrupted create.
 */
class InstanceRoleDriverIT {

    /**
     * Customer managed policies of moto's default account, made by each test: moto holds AWS managed
     * policies (arn:aws:iam::aws:policy/...) only when told to load them, which costs seconds per account.
     */
    private static final String SSM_CORE = "arn:aws:iam::123456789012:policy/fleet-ssm";
    private static final String S3_READ = "arn:aws:iam::123456789012:policy/fleet-s3-read";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Harness harness = new Harness();
    private final Environment env = Harness.environment("it", Mode.ENFORCE);
    private final Environment observeOnly = Harness.environment("it", Mode.OBSERVE);
    private final Environment pruning = Harness.pruning(env);

    private final JsonNode parameters = json("""
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
              "Action": ["ssm:GetParametersByPath", "ssm:GetParameter"],
              "Resource": "arn:aws:ssm:us-east-1:123456789012:parameter/it/api/*"}]}""");
    private final Resource role = resource(InstanceRoleSpec.KIND, "api",
            new InstanceRoleSpec(List.of(SSM_CORE), Map.of("parameters", parameters), Map.of("fleet", "api"), null));
    private final Resource template = resource(LaunchTemplateSpec.KIND, "api",
            new LaunchTemplateSpec("ami-12c6146b", "t3.small", null, null, "api", null, null, Map.of(), null));
    private final List<Resource> fleet = List.of(role, template);

    @BeforeEach
    void customerManagedPolicies() {
        IamClient iam = harness.aws(env).iam();
        for (String arn : List.of(SSM_CORE, S3_READ)) {
            String created = iam.createPolicy(r -> r.policyName(arn.substring(arn.lastIndexOf('/') + 1))
                    .policyDocument(parameters.toString())).policy().arn();
            assertThat(created).isEqualTo(arn);
        }
    }

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void convergesTheRoleWithItsProfileAndPolicies_andTheTemplateHandsItsProfileToInstances() {
        PassReport report = harness.pass(env, fleet);

        assertThat(report.success()).as(report.toString()).isTrue();
        IamClient iam = harness.aws(env).iam();
        Role created = iam.getRole(r -> r.roleName("it-api")).role();
        assertThat(created.path()).isEqualTo("/converge/it/");
        assertThat(PolicyDocument.text(URLDecoder.decode(created.assumeRolePolicyDocument(), StandardCharsets.UTF_8)))
                .isEqualTo(InstanceRoleSpec.trustPolicy(InstanceRoleSpec.Services.EC2))
                .contains("ec2.amazonaws.com");
        assertThat(tags(iam, "it-api")).containsEntry("converge:managed-by", Harness.CONTROLLER)
                .containsEntry("converge:environment", "it").containsEntry("converge:resource", "InstanceRole/api")
                .containsEntry("Name", "api").containsEntry("fleet", "api").containsEntry("team", "platform");
        InstanceProfile profile = iam.getInstanceProfile(r -> r.instanceProfileName("it-api")).instanceProfile();
        assertThat(profile.path()).isEqualTo("/converge/it/");
        assertThat(profile.roles()).extracting(Role::roleName).containsExactly("it-api");
        assertThat(attached(iam)).containsExactly(SSM_CORE);
        assertThat(iam.listRolePolicies(r -> r.roleName("it-api")).policyNames()).containsExactly("parameters");
        String document = iam.getRolePolicy(r -> r.roleName("it-api").policyName("parameters")).policyDocument();
        assertThat(PolicyDocument.text(URLDecoder.decode(document, StandardCharsets.UTF_8))).isEqualTo(PolicyDocument.text(parameters));
        assertThat(templateProfile(harness.aws(env).ec2())).isEqualTo("it-api");
    }

    @Test
    void secondPass_whenNothingDrifted_makesNoMutatingCall() {
        assertThat(harness.pass(env, fleet).success()).isTrue();
        long mutations = harness.mutatingCalls();

        PassReport second = harness.pass(env, fleet);

        assertThat(second.detected().isEmpty()).as(second.detected().toString()).isTrue();
        assertThat(harness.mutatingCalls()).isEqualTo(mutations);
    }

    @Test
    void enforce_detachesAPolicyAttachedByHand_deletesAnInlinePolicyAddedByHand_andPutsTheRoleBackInItsProfile() {
        harness.pass(env, fleet);
        IamClient iam = harness.aws(env).iam();
        makeDrift(iam);

        PassReport report = harness.pass(env, fleet);

        assertThat(report.success()).as(report.toString()).isTrue();
        assertThat(drifted(report)).containsExactly(tuple(ResourceKey.of(InstanceRoleSpec.KIND, "api"), Action.UPDATE,
                List.of(InstanceRoleSpec.MANAGED_POLICIES, InstanceRoleSpec.INLINE_POLICIES, InstanceRoleSpec.INSTANCE_PROFILE)));
        assertThat(attached(iam)).containsExactly(SSM_CORE);
        assertThat(iam.listRolePolicies(r -> r.roleName("it-api")).policyNames()).containsExactly("parameters");
        assertThat(iam.getInstanceProfile(r -> r.instanceProfileName("it-api")).instanceProfile().roles())
                .extracting(Role::roleName).containsExactly("it-api");
        assertThat(harness.pass(env, fleet).detected().isEmpty()).isTrue();
    }

    @Test
    void observe_reportsTheSameDriftAndChangesNothing() {
        harness.pass(env, fleet);
        IamClient iam = harness.aws(env).iam();
        makeDrift(iam);
        long mutations = harness.mutatingCalls();

        PassReport report = harness.pass(observeOnly, fleet);

        assertThat(drifted(report)).containsExactly(tuple(ResourceKey.of(InstanceRoleSpec.KIND, "api"), Action.UPDATE,
                List.of(InstanceRoleSpec.MANAGED_POLICIES, InstanceRoleSpec.INLINE_POLICIES, InstanceRoleSpec.INSTANCE_PROFILE)));
        FieldChange managed = report.detected().changes().get(0).fields().get(0);
        assertThat(managed.removed()).containsExactly(S3_READ);
        assertThat(harness.mutatingCalls()).isEqualTo(mutations);
        assertThat(attached(iam)).containsExactlyInAnyOrder(SSM_CORE, S3_READ);
    }

    @Test
    void aPolicyChangeInTheSpec_replacesTheInlinePolicyInPlace() {
        harness.pass(env, fleet);
        JsonNode wider = json(parameters.toString().replace("/it/api/*", "/it/*"));
        Resource changed = resource(InstanceRoleSpec.KIND, "api",
                new InstanceRoleSpec(List.of(SSM_CORE), Map.of("parameters", wider), Map.of("fleet", "api"), null));

        PassReport report = harness.pass(env, List.of(changed, template));

        assertThat(report.success()).as(report.toString()).isTrue();
        IamClient iam = harness.aws(env).iam();
        String document = iam.getRolePolicy(r -> r.roleName("it-api").policyName("parameters")).policyDocument();
        assertThat(URLDecoder.decode(document, StandardCharsets.UTF_8)).contains("parameter/it/*");
        assertThat(harness.metric("converge.aws.api.calls", "operation", "DeleteRolePolicy")).isZero();
    }

    @Test
    void aTagChangeInTheSpec_retagsTheRoleAndItsProfile() {
        harness.pass(env, fleet);
        Resource retagged = resource(InstanceRoleSpec.KIND, "api",
                new InstanceRoleSpec(List.of(SSM_CORE), Map.of("parameters", parameters), Map.of("fleet", "api-v2"), null));

        PassReport report = harness.pass(env, List.of(retagged, template));

        assertThat(report.success()).as(report.toString()).isTrue();
        IamClient iam = harness.aws(env).iam();
        assertThat(tags(iam, "it-api")).containsEntry("fleet", "api-v2");
        // moto has no ListInstanceProfileTags; GetInstanceProfile returns the profile's tags too.
        assertThat(iam.getInstanceProfile(r -> r.instanceProfileName("it-api")).instanceProfile().tags())
                .contains(tag("fleet", "api-v2"), tag("converge:resource", "InstanceRole/api"));
    }

    @Test
    void pruneOn_deletesTheRoleWithItsProfileAndPolicies() {
        harness.pass(pruning, fleet);
        IamClient iam = harness.aws(env).iam();
        iam.putRolePolicy(r -> r.roleName("it-api").policyName("extra").policyDocument(parameters.toString()));

        PassReport report = harness.pass(pruning, List.of());

        assertThat(report.success()).as(report.toString()).isTrue();
        assertThat(drifted(report)).contains(tuple(ResourceKey.of(InstanceRoleSpec.KIND, "api"), Action.DELETE, List.of()));
        assertThat(iam.listRoles(r -> r.pathPrefix("/converge/it/")).roles()).isEmpty();
        assertThat(iam.listInstanceProfiles().instanceProfiles()).extracting(InstanceProfile::instanceProfileName)
                .doesNotContain("it-api");
    }

    @Test
    void aCreateInterruptedAfterTheRole_isFinishedByTheNextPass() {
        IamClient iam = harness.aws(env).iam();
        iam.createRole(r -> r.roleName("it-api").path("/converge/it/").assumeRolePolicyDocument(InstanceRoleSpec.trustPolicy(InstanceRoleSpec.Services.EC2))
                .tags(tag("converge:managed-by", Harness.CONTROLLER), tag("converge:environment", "it"),
                        tag("converge:resource", "InstanceRole/api"), tag("Name", "api")));

        PassReport report = harness.pass(env, fleet);

        assertThat(report.success()).as(report.toString()).isTrue();
        assertThat(iam.getInstanceProfile(r -> r.instanceProfileName("it-api")).instanceProfile().roles())
                .extracting(Role::roleName).containsExactly("it-api");
        assertThat(attached(iam)).containsExactly(SSM_CORE);
        assertThat(harness.pass(env, fleet).detected().isEmpty()).isTrue();
    }

    @Test
    void rolesOfAnotherEnvironmentInTheAccount_andRolesWithoutOwnershipTags_areNeverTouched() {
        IamClient iam = harness.aws(env).iam();
        iam.createRole(r -> r.roleName("other-api").path("/converge/other/").assumeRolePolicyDocument(InstanceRoleSpec.trustPolicy(InstanceRoleSpec.Services.EC2))
                .tags(tag("converge:managed-by", Harness.CONTROLLER), tag("converge:environment", "other"),
                        tag("converge:resource", "InstanceRole/api")));
        iam.createRole(r -> r.roleName("it-handmade").path("/converge/it/").assumeRolePolicyDocument(InstanceRoleSpec.trustPolicy(InstanceRoleSpec.Services.EC2)));

        PassReport report = harness.pass(pruning, fleet);

        assertThat(report.success()).as(report.toString()).isTrue();
        assertThat(drifted(report)).extracting(t -> t.toList().get(1)).containsOnly(Action.CREATE);
        assertThat(iam.getRole(r -> r.roleName("other-api")).role()).isNotNull();
        assertThat(iam.getRole(r -> r.roleName("it-handmade")).role()).isNotNull();
    }

    /** A managed and an inline policy added by hand, and the role taken out of its instance profile. */
    private void makeDrift(IamClient iam) {
        iam.attachRolePolicy(r -> r.roleName("it-api").policyArn(S3_READ));
        iam.putRolePolicy(r -> r.roleName("it-api").policyName("extra").policyDocument(parameters.toString()));
        iam.removeRoleFromInstanceProfile(r -> r.roleName("it-api").instanceProfileName("it-api"));
    }

    private static List<String> attached(IamClient iam) {
        return iam.listAttachedRolePolicies(r -> r.roleName("it-api")).attachedPolicies().stream()
                .map(AttachedPolicy::policyArn).toList();
    }

    private static Map<String, String> tags(IamClient iam, String role) {
        Map<String, String> tags = new java.util.HashMap<>();
        iam.listRoleTags(r -> r.roleName(role)).tags().forEach(t -> tags.put(t.key(), t.value()));
        return tags;
    }

    private static String templateProfile(Ec2Client ec2) {
        return ec2.describeLaunchTemplateVersions(r -> r.launchTemplateName("it-api").versions("$Latest"))
                .launchTemplateVersions().get(0).launchTemplateData().iamInstanceProfile().name();
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    private static List<Tuple> drifted(PassReport report) {
        return report.detected().changes().stream()
                .map(c -> tuple(c.key(), c.action(), c.fields().stream().map(FieldChange::field).toList()))
                .toList();
    }

    private static Resource resource(String kind, String name, KindSpec spec) {
        return new Resource(ResourceKey.of(kind, name), "it", Map.of(), spec);
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
