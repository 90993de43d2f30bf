package dev.converge.engine;

import dev.converge.aws.AwsClients;
import dev.converge.model.Environment;
import java.net.URI;
import java.util.Optional;

/**
 * Refuses to touch an environment in an account it must not: off the allowed accounts, a role in another
 * account than the spec names, and, when account ids are required (under {@code serve} against real AWS),
 * one that names no account or would run on the controller's own credentials. These are checked before any
 * AWS client is built, so a refused environment costs no AWS call; once the clients exist, the account the
 * credentials actually belong to must be the one the spec names: a mis-set role or profile must never
 * converge prod's spec into someone else's account.
 *
 * @param requireAccountIds every environment names {@code accountId} ({@code converge.aws.require-account-ids})
 * @param allowBaseCredentials with account ids required, an environment without {@code roleArn} may run on the
 *     controller's own credentials ({@code converge.aws.allow-base-credentials})
 */
public record AccountGuard(AllowedAccounts allowed, boolean requireAccountIds, boolean allowBaseCredentials) {

    /** No allow-list and no requirement: an account is checked only where the spec names it. */
    public static final AccountGuard LENIENT = new AccountGuard(AllowedAccounts.ANY, false, true);

    /**
     * The rules of a run: account ids are required where {@code requireAccountIds} says so, and when it is
     * unset exactly against real AWS (no endpoint override, no local emulator). The one-shot commands set it
     * to false unless the user did, so this default is {@code serve}'s.
     */
    public static AccountGuard of(AllowedAccounts allowed, Optional<Boolean> requireAccountIds, Optional<URI> endpoint,
            boolean allowBaseCredentials) {
        return new AccountGuard(allowed, requireAccountIds.orElse(endpoint.isEmpty()), allowBaseCredentials);
    }

    /** Throws, before any AWS call, when the environment must not be touched; see {@link #refusal}. */
    void admit(Environment environment) {
        refusal(environment).ifPresent(refusal -> {
            throw new IllegalStateException(refusal + "; nothing was changed");
        });
    }

    /** Why the environment must not be touched, or empty when it may be. */
    public Optional<String> refusal(Environment environment) {
        String name = environment.name();
        if (!allowed.admits(environment)) {
            return Optional.of(allowed.refusal(environment));
        }
        Optional<String> roleAccount = environment.roleAccountId();
        if (environment.accountId() != null && roleAccount.isPresent() && !roleAccount.get().equals(environment.accountId())) {
            return Optional.of("environment " + name + " expects account " + environment.accountId()
                    + " but its role " + environment.roleArn() + " is in account " + roleAccount.get());
        }
        if (!requireAccountIds) {
            return Optional.empty();
        }
        if (environment.accountId() == null) {
            return Optional.of("environment " + name + " names no spec.accountId; against real AWS every environment must"
                    + " name the account it converges (converge.aws.require-account-ids)");
        }
        if (environment.roleArn() == null && !allowBaseCredentials) {
            return Optional.of("environment " + name + " names no spec.roleArn and would run on the controller's own"
                    + " credentials; name the role to assume, or set converge.aws.allow-base-credentials=true");
        }
        if (environment.roleArn() != null && roleAccount.isEmpty()) {
            return Optional.of("environment " + name + ": the account of spec.roleArn " + environment.roleArn()
                    + " cannot be read; it must be an IAM role ARN in account " + environment.accountId());
        }
        return Optional.empty();
    }

    /** Throws when the environment's credentials belong to another account than the one it names. */
    void verify(Environment environment, AwsClients aws) {
        if (environment.accountId() == null) {
            return;
        }
        String actual = aws.accountId();
        if (!environment.accountId().equals(actual)) {
            throw new IllegalStateException("environment " + environment.name() + " expects account "
                    + environment.accountId() + " but the credentials belong to " + actual + "; nothing was changed");
        }
    }
}
