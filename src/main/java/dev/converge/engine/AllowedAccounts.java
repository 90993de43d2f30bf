package dev.converge.engine;

import dev.converge.model.Environment;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The accounts this installation may touch ({@code converge.aws.allowed-accounts}), whatever the spec in git
 * says: a spec that points an environment at another account, or names no account, does not reach it.
 *
 * @param accounts the 12-digit account ids; empty lets every account through
 */
public record AllowedAccounts(Optional<Set<String>> accounts) {

    public static final AllowedAccounts ANY = new AllowedAccounts(Optional.empty());

    public AllowedAccounts {
        accounts = accounts.map(Set::copyOf);
        accounts.ifPresent(ids -> ids.stream().filter(id -> !id.matches("\\d{12}")).findFirst().ifPresent(id -> {
            throw new IllegalArgumentException("converge.aws.allowed-accounts: '" + id + "' is not a 12-digit AWS account id");
        }));
    }

    public static AllowedAccounts of(Optional<? extends Collection<String>> accounts) {
        return new AllowedAccounts(accounts.map(ids -> Set.copyOf(ids.stream().map(String::trim).toList())));
    }

    public boolean admits(Environment environment) {
        return accounts.isEmpty() || (environment.accountId() != null && accounts.get().contains(environment.accountId()));
    }

    /** Why the environment is not admitted, naming the list; only for environments {@link #admits} refuses. */
    String refusal(Environment environment) {
        List<String> sorted = accounts.orElseThrow().stream().sorted().toList();
        return environment.accountId() == null
                ? "environment " + environment.name() + " names no spec.accountId, and converge.aws.allowed-accounts "
                        + sorted + " admits only environments that name theirs"
                : "environment " + environment.name() + " is in account " + environment.accountId()
                        + ", which is not in converge.aws.allowed-accounts " + sorted;
    }
}
