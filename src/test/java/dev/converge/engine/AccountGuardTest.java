package dev.converge.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.converge.model.Environment;
import dev.converge.model.Mode;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which rules a run applies, and what they refuse before any AWS call; AccountsIT runs them against moto. */
class AccountGuardTest {

    private static final Optional<URI> REAL_AWS = Optional.empty();
    private static final Optional<URI> EMULATOR = Optional.of(URI.create("http://127.0.0.1:5000"));
    private static final Environment WITHOUT_ACCOUNT =
            new Environment("prod", "us-east-1", null, "arn:aws:iam::111111111111:role/converge", Mode.ENFORCE, false, Map.of());

    @Test
    void accountIdsAreRequiredAgainstRealAws_unlessSetOtherwise() {
        assertThat(AccountGuard.of(AllowedAccounts.ANY, Optional.empty(), REAL_AWS, false).refusal(WITHOUT_ACCOUNT))
                .hasValueSatisfying(r -> assertThat(r).startsWith("environment prod names no spec.accountId"));
        assertThat(AccountGuard.of(AllowedAccounts.ANY, Optional.empty(), EMULATOR, false).refusal(WITHOUT_ACCOUNT)).isEmpty();
        assertThat(AccountGuard.of(AllowedAccounts.ANY, Optional.of(false), REAL_AWS, false).refusal(WITHOUT_ACCOUNT))
                .as("the one-shot commands' setting").isEmpty();
        assertThat(AccountGuard.of(AllowedAccounts.ANY, Optional.of(true), EMULATOR, false).refusal(WITHOUT_ACCOUNT))
                .as("forced on, as the tests do").isPresent();
    }

    @Test
    void anAllowListEntryThatIsNotAnAccountId_isRefused() {
        assertThatThrownBy(() -> AllowedAccounts.of(Optional.of(List.of("111111111111", "prod"))))
                .hasMessage("converge.aws.allowed-accounts: 'prod' is not a 12-digit AWS account id");
        assertThat(AllowedAccounts.of(Optional.of(List.of(" 111111111111"))).accounts()).contains(java.util.Set.of("111111111111"));
    }
}
