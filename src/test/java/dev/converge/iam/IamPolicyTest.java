package dev.converge.iam;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.converge.aws.AwsOperations;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The policy documents of {@code iam/}: well-formed, granting every operation Converge's AWS code is
 * written to call, mutations only under tag conditions (or bucket ARNs, where S3 has no tag conditions),
 * and the read-only policy reading everything a plan observes and changing nothing.
 */
class IamPolicyTest {

    private static final String MANAGED_BY = "converge:managed-by";

    @Test
    void everyDocumentIsAWellFormedPolicy() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(IamPolicy.DIRECTORY)) {
            files = list.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).extracting(f -> f.getFileName().toString()).containsExactly(
                "controller-policy.json", "environment-policy.json", "environment-trust-policy.json", "plan-readonly-policy.json");
        for (Path file : files) {
            IamPolicy policy = IamPolicy.read(file.getFileName().toString());
            assertThat(policy.document().path("Version").asText()).as(file.toString()).isEqualTo("2012-10-17");
            assertThat(policy.statements()).as(file.toString()).isNotEmpty();
            Set<String> sids = new HashSet<>();
            for (JsonNode statement : policy.statements()) {
                String sid = statement.path("Sid").asText();
                assertThat(sid).as("%s: Sid", file).matches("[A-Za-z0-9]+");
                assertThat(sids.add(sid)).as("%s: Sid %s unique", file, sid).isTrue();
                assertThat(statement.path("Effect").asText()).as("%s %s", file, sid).isEqualTo("Allow");
                assertThat(IamPolicy.actions(statement)).as("%s %s", file, sid)
                        .isNotEmpty().allMatch(a -> a.matches("[a-z0-9-]+:[A-Za-z0-9*]+"));
                boolean trust = file.getFileName().toString().contains("trust");
                assertThat(statement.has(trust ? "Principal" : "Resource")).as("%s %s", file, sid).isTrue();
            }
        }
    }

    @Test
    void everyOperationTheAwsCodeCallsIsAllowed() {
        Set<SdkCallScan.Call> calls = SdkCallScan.calls();
        // The scan sees the drivers: a create, a delete and a read of every service.
        assertThat(calls).contains(new SdkCallScan.Call("ec2", "CreateVpc"), new SdkCallScan.Call("ec2", "DescribeVpcs"),
                new SdkCallScan.Call("s3", "PutBucketEncryption"), new SdkCallScan.Call("s3", "ListBuckets"),
                new SdkCallScan.Call("rds", "DeleteDBCluster"), new SdkCallScan.Call("autoscaling", "CreateAutoScalingGroup"));
        assertThat(calls).noneMatch(c -> c.operation().equals("Close") || c.operation().equals("Waiter"));

        List<String> missing = new ArrayList<>();
        calls.forEach(c -> missing.addAll(IamCheck.disallowed(c.service(), c.operation())));
        assertThat(missing).as("SDK operations in %s that iam/environment-policy.json does not allow", SdkCallScan.SOURCES)
                .isEmpty();
    }

    @Test
    void theCheckFailsForAnOperationThePolicyDoesNotGrant() {
        assertThat(IamCheck.disallowed("Ec2", "TerminateInstances")).containsExactly("Ec2:TerminateInstances → ec2:TerminateInstances");
        assertThat(IamCheck.disallowed("S3", "PutObject")).containsExactly("S3:PutObject → s3:PutObject");
        assertThat(IamCheck.disallowed("S3", "PutBucketEncryption")).isEmpty();
        assertThat(IamCheck.disallowed("Sts", "GetCallerIdentity")).isEmpty();
        assertThat(IamCheck.disallowed("Sts", "AssumeRole")).isEmpty();

        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        registry.counter("converge.aws.api.calls", "service", "Ec2", "operation", "RunInstances", "outcome", "success").increment();
        registry.counter("converge.aws.api.calls", "service", "Ec2", "operation", "DeleteVolume", "outcome", "error").increment();
        assertThat(IamCheck.disallowed(registry)).containsExactly("Ec2:DeleteVolume → ec2:DeleteVolume");
    }

    @Test
    void wildcardsAndCaseFollowIam() {
        assertThat(IamPolicy.matches("ec2:Describe*", "ec2:DescribeVpcs")).isTrue();
        assertThat(IamPolicy.matches("ec2:describevpcs", "ec2:DescribeVpcs")).isTrue();
        assertThat(IamPolicy.matches("ec2:Describe?pcs", "ec2:DescribeVpcs")).isTrue();
        assertThat(IamPolicy.matches("ec2:Describe*", "ec2:CreateVpc")).isFalse();
        assertThat(IamPolicy.matches("ec2:Create", "ec2:CreateVpc")).isFalse();
    }

    @Test
    void mutationsAreGrantedOnlyOnTaggedResourcesOrNamedArns() {
        List<String> untagged = new ArrayList<>();
        for (JsonNode statement : IamPolicy.environment().statements()) {
            boolean mutating = IamPolicy.actions(statement).stream()
                    .anyMatch(a -> AwsOperations.isMutating(a.substring(a.indexOf(':') + 1)));
            String condition = statement.path("Condition").toString();
            boolean tagged = condition.contains("aws:RequestTag/" + MANAGED_BY) || condition.contains("aws:ResourceTag/" + MANAGED_BY);
            if (mutating && !tagged) {
                untagged.add(statement.path("Sid").asText());
                assertThat(condition.isEmpty() && IamPolicy.strings(statement.path("Resource")).contains("*"))
                        .as("statement %s grants mutations on every resource without a condition", statement.path("Sid").asText())
                        .isFalse();
            }
        }
        // Each documented in iam/README.md: why no tag condition applies and what scopes it instead.
        assertThat(untagged).containsExactlyInAnyOrder("Ec2TagOnCreate", "AutoScalingLaunchFromTemplates",
                "AutoScalingPassInstanceRoles", "RdsCreateWithDefaultParameterAndOptionGroups", "RdsFinalSnapshots",
                "RdsManagedMasterPasswords", "S3ChangeBuckets", "Ec2ReturnSubnetsToDefaultAcls", "SnsChangeSubscriptions",
                "SsmEncryptSecureStrings", "CloudFrontOriginAccessControls", "CloudFrontLogDelivery");
        assertThat(statement("Ec2TagOnCreate").at("/Condition/StringEquals/ec2:CreateAction").toString())
                .contains("CreateVpc", "CreateSubnet", "CreateSecurityGroup", "CreateLaunchTemplate", "RunInstances");
        assertThat(statement("Ec2CreateTagged").at("/Condition/Null").toString())
                .isEqualTo("{\"aws:RequestTag/converge:managed-by\":\"false\"}");
        assertThat(statement("Ec2ChangeManaged").at("/Condition/Null").toString())
                .isEqualTo("{\"aws:ResourceTag/converge:managed-by\":\"false\"}");
        assertThat(IamPolicy.strings(statement("S3ChangeBuckets").path("Resource"))).containsExactly("arn:aws:s3:::*");
    }

    @Test
    void thePlanPolicyReadsWhatAPlanObservesAndChangesNothing() {
        IamPolicy readonly = IamPolicy.read("plan-readonly-policy.json");
        for (JsonNode statement : readonly.statements()) {
            assertThat(IamPolicy.actions(statement)).allMatch(a -> !AwsOperations.isMutating(a.substring(a.indexOf(':') + 1)),
                    "read-only actions");
            // The same statements as the environment role's reads: one place to extend.
            assertThat(IamPolicy.environment().statements()).contains(statement);
        }
        SdkCallScan.calls().stream()
                .filter(c -> !AwsOperations.isMutating(c.operation()))
                .flatMap(c -> IamActions.required(c.service(), c.operation()).stream())
                .forEach(action -> assertThat(readonly.allows(action)).as("plan-readonly allows %s", action).isTrue());
    }

    @Test
    void theEnvironmentRoleTrustsOnlyTheControllerRole() {
        JsonNode trust = IamPolicy.read("environment-trust-policy.json").statements().get(0);
        assertThat(trust.at("/Principal/AWS").asText()).matches("arn:aws:iam::OPS_ACCOUNT_ID:role/converge-controller");
        assertThat(IamPolicy.actions(trust)).containsExactlyInAnyOrder("sts:AssumeRole", "sts:SetSourceIdentity");
        assertThat(trust.at("/Condition/StringEquals/sts:ExternalId").asText()).isNotEmpty();

        IamPolicy controller = IamPolicy.controller();
        assertThat(controller.allows("sts:AssumeRole")).isTrue();
        assertThat(controller.allows("ec2:CreateVpc")).as("the controller itself changes nothing").isFalse();
        assertThat(IamPolicy.strings(controller.statements().get(0).path("Resource"))).containsExactly("arn:aws:iam::*:role/converge");
    }

    private static JsonNode statement(String sid) {
        return IamPolicy.environment().statements().stream()
                .filter(s -> sid.equals(s.path("Sid").asText()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no statement " + sid));
    }
}
