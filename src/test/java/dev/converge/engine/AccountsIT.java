package dev.converge.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.model.Environment;
import dev.converge.model.Management;
import dev.converge.model.Mode;
import dev.converge.model.Resource;
import dev.converge.model.ResourceKey;
import dev.converge.model.VpcSpec;
import dev.converge.testing.AssumeRoleRequests;
import dev.converge.testing.Harness;
import dev.converge.testing.LogCapture;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;

/**
 * Accounts locked down, against moto: environments in accounts the installation must not touch, or whose
 * credentials lead elsewhere, are refused with zero mutating calls (most before any AWS call at all). moto
 * assumes roles into other accounts (the example specs' 111111111111 and 222222222222), so the accounts
 * here are real to it; the rules {@code serve} applies against real AWS are forced on with
 * {@code requireAccountIds}.
 */
class AccountsIT {

    private static final String PROD = "111111111111";
    private static final String NONPROD = "222222222222";
    /** moto's account for credentials it did not issue: the controller's own, here. */
    private static final String BASE = "123456789012";
    private static final AccountGuard SERVE_RULES = new AccountGuard(AllowedAccounts.ANY, true, false);

    private final Resource vpc = new Resource(ResourceKey.of(VpcSpec.KIND, "main"), "prod", Map.of(),
            new VpcSpec("10.40.0.0/16", true, true, false, Map.of(), Management.DEFAULT));

    @Test
    void aRoleInAnotherAccountThanTheSpecNames_isRefusedBeforeAnyAwsCall() {
        try (Harness harness = new Harness(SERVE_RULES)) {
            Environment prod = environment(PROD, role(NONPROD, "converge"));

            PassReport report = harness.pass(prod, List.of(vpc));

            assertThat(report.error()).isEqualTo("environment prod expects account 111111111111 but its role"
                    + " arn:aws:iam::222222222222:role/converge is in account 222222222222; nothing was changed");
            assertThat(harness.metric("converge.aws.api.calls")).isZero();
            assertThat(vpcs(harness, NONPROD)).isEmpty();
        }
    }

    @Test
    void credentialsOfAnotherAccount_areRefusedWithoutAMutatingCall() {
        AccountGuard baseAllowed = new AccountGuard(AllowedAccounts.ANY, true, true);
        try (Harness harness = new Harness(baseAllowed)) {
            Environment prod = environment(PROD, null);

            PassReport report = harness.pass(prod, List.of(vpc));

            assertThat(report.error()).isEqualTo("environment prod expects account 111111111111 but the credentials"
                    + " belong to 123456789012; nothing was changed");
            assertThat(harness.mutatingCalls()).isZero();
            assertThat(harness.metric("converge.aws.api.calls", "operation", "GetCallerIdentity")).isEqualTo(1);
            assertThat(harness.metric("converge.aws.api.calls")).as("only the identity check").isEqualTo(1);
            assertThat(vpcs(harness, BASE)).isEmpty();
        }
    }

    @Test
    void anEnvironmentWithoutAccountId_isRefusedUnderServeRules_andRunsWithoutThem() {
        Environment unnamed = environment(null, role(PROD, "converge"));
        try (Harness harness = new Harness(SERVE_RULES)) {
            PassReport report = harness.pass(unnamed, List.of(vpc));

            assertThat(report.error()).isEqualTo("environment prod names no spec.accountId; against real AWS every"
                    + " environment must name the account it converges (converge.aws.require-account-ids); nothing was changed");
            assertThat(harness.metric("converge.aws.api.calls")).isZero();
        }
        try (Harness harness = new Harness(AccountGuard.LENIENT)) {
            assertThat(harness.pass(unnamed, List.of(vpc)).success()).as("an emulator or a one-shot command").isTrue();
            assertThat(vpcs(harness, PROD)).hasSize(1);
        }
    }

    @Test
    void baseCredentials_areRefusedUnderServeRules_unlessAllowedExplicitly() {
        Environment onBase = environment(BASE, null);
        try (Harness harness = new Harness(SERVE_RULES)) {
            PassReport report = harness.pass(onBase, List.of(vpc));

            assertThat(report.error()).isEqualTo("environment prod names no spec.roleArn and would run on the controller's"
                    + " own credentials; name the role to assume, or set converge.aws.allow-base-credentials=true;"
                    + " nothing was changed");
            assertThat(harness.metric("converge.aws.api.calls")).isZero();
        }
        try (Harness harness = new Harness(new AccountGuard(AllowedAccounts.ANY, true, true))) {
            assertThat(harness.pass(onBase, List.of(vpc)).success()).isTrue();
            assertThat(vpcs(harness, BASE)).hasSize(1);
        }
    }

    @Test
    void anEnvironmentWithItsRoleInItsAccount_convergesThereUnderServeRules() {
        try (Harness harness = new Harness(SERVE_RULES)) {
            Environment prod = environment(PROD, role(PROD, "converge"));

            assertThat(harness.pass(prod, List.of(vpc)).success()).isTrue();

            assertThat(vpcs(harness, PROD)).singleElement().satisfies(v -> assertThat(v.ownerId()).isEqualTo(PROD));
            assertThat(vpcs(harness, BASE)).as("nothing in the controller's own account").isEmpty();
        }
    }

    @Test
    void anAccountOffTheAllowList_isSkippedByTheGate_andRefusedByThePass_withoutAnAwsCall() {
        AllowedAccounts prodOnly = AllowedAccounts.of(Optional.of(List.of(PROD)));
        try (Harness harness = new Harness(new AccountGuard(prodOnly, false, true)); LogCapture log = LogCapture.start()) {
            Environment prod = environment(PROD, role(PROD, "converge"));
            Environment nonprod = new Environment("nonprod", "us-east-1", NONPROD, role(NONPROD, "converge"), Mode.ENFORCE,
                    false, Map.of());
            Environment unnamed = new Environment("sandbox", "us-east-1", null, null, Mode.ENFORCE, false, Map.of());
            EnvironmentGate gate = new EnvironmentGate(Optional.empty(), prodOnly, harness.metrics());

            List<Environment> admitted = gate.admit(List.of(prod, nonprod, unnamed));

            assertThat(admitted).containsExactly(prod);
            assertThat(harness.metric("converge.environments.skipped", "environment", "nonprod", "reason", "account")).isEqualTo(1);
            assertThat(harness.metric("converge.environments.skipped", "environment", "sandbox", "reason", "account")).isEqualTo(1);
            assertThat(log.text())
                    .contains("environment nonprod is in account 222222222222, which is not in converge.aws.allowed-accounts"
                            + " [111111111111]; skipped")
                    .contains("environment sandbox names no spec.accountId, and converge.aws.allowed-accounts [111111111111]"
                            + " admits only environments that name theirs; skipped");

            PassReport bypassed = harness.pass(nonprod, List.of(vpc));
            assertThat(bypassed.error()).as("a pass never reaches it, even past the gate")
                    .isEqualTo("environment nonprod is in account 222222222222, which is not in converge.aws.allowed-accounts"
                            + " [111111111111]; nothing was changed");
            assertThat(harness.metric("converge.aws.api.calls")).isZero();

            assertThat(harness.pass(prod, List.of(vpc)).success()).isTrue();
            assertThat(vpcs(harness, PROD)).hasSize(1);
            assertThat(vpcs(harness, NONPROD)).isEmpty();
        }
    }

    /**
     * moto records neither ExternalId nor SourceIdentity in a way any API reads back, so this looks at the
     * AssumeRole request the SDK sends ({@link AssumeRoleRequests}, a global SDK interceptor of the tests).
     */
    @Test
    void assumeRoleCarriesTheExternalIdTheSourceIdentityAndASessionNameNamingTheEnvironment() {
        String roleArn = role(PROD, "converge-external-id");
        Environment prod = new Environment("prod", "us-east-1", PROD, roleArn, Mode.ENFORCE, false, Map.of(), null,
                "partner-7f3a");
        try (Harness harness = new Harness(SERVE_RULES)) {
            assertThat(harness.pass(prod, List.of(vpc)).success()).isTrue();
        }

        assertThat(AssumeRoleRequests.forRole(roleArn)).isNotEmpty().allSatisfy((AssumeRoleRequest request) -> {
            assertThat(request.externalId()).isEqualTo("partner-7f3a");
            assertThat(request.sourceIdentity()).isEqualTo(Harness.CONTROLLER);
            assertThat(request.roleSessionName()).isEqualTo("converge-prod");
        });
    }

    @Test
    void clientsAreRebuiltWhenTheRoleOrExternalIdChanges_andOnlyThen() {
        try (Harness harness = new Harness(SERVE_RULES)) {
            Environment first = environment(PROD, role(PROD, "converge"));
            harness.pass(first, List.of(vpc));
            harness.pass(first, List.of(vpc));
            assertThat(harness.metric("converge.aws.api.calls", "operation", "AssumeRole")).as("credentials are cached").isEqualTo(1);

            Environment withExternalId = new Environment("prod", "us-east-1", PROD, first.roleArn(), Mode.ENFORCE, false,
                    Map.of(), null, "partner-7f3a");
            assertThat(harness.pass(withExternalId, List.of(vpc)).success()).isTrue();

            assertThat(harness.metric("converge.aws.api.calls", "operation", "AssumeRole")).isEqualTo(2);
        }
    }

    private static Environment environment(String accountId, String roleArn) {
        return new Environment("prod", "us-east-1", accountId, roleArn, Mode.ENFORCE, false, Map.of());
    }

    private static String role(String account, String name) {
        return "arn:aws:iam::" + account + ":role/" + name;
    }

    /** Converge's VPCs in the account, as an operator reads them: through the role there, or directly in moto's own. */
    private static List<software.amazon.awssdk.services.ec2.model.Vpc> vpcs(Harness harness, String account) {
        Environment reader = new Environment("reader-" + account, "us-east-1", account,
                account.equals(BASE) ? null : role(account, "converge"), Mode.OBSERVE, false, Map.of());
        return harness.aws(reader).ec2()
                .describeVpcs(r -> r.filters(Filter.builder().name("tag:converge:resource").values("Vpc/main").build()))
                .vpcs();
    }
}
