package dev.converge.engine;

import dev.converge.aws.AwsClients;
import dev.converge.model.Environment;

/**
 * Refuses to touch an environment whose credentials lead to another account than the spec names:
 * a mis-set role or profile must never converge prod's spec into someone else's account.
 */
final class AccountGuard {

    private AccountGuard() {}

    static void check(Environment environment, AwsClients aws) {
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
