package dev.converge.engine;

import dev.converge.model.Environment;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Lets through only the environments an installation may touch: those in {@code converge.guards.allowed-environments}
 * and in an account of {@code converge.aws.allowed-accounts}, so a spec naming production cannot reach it
 * from a controller meant for staging. The others are logged and counted as skipped, before any AWS client
 * is built for them.
 */
public final class EnvironmentGate {

    private static final Logger LOG = Logger.getLogger(EnvironmentGate.class);

    /** The {@code reason} of {@code converge_environments_skipped_total}. */
    public static final String NOT_AN_ALLOWED_ENVIRONMENT = "environment";
    public static final String NOT_AN_ALLOWED_ACCOUNT = "account";

    private final Optional<Set<String>> allowed;
    private final AllowedAccounts accounts;
    private final EngineMetrics metrics;

    /** @param allowed the environments that may be touched; empty lets every environment through */
    public EnvironmentGate(Optional<? extends Collection<String>> allowed, AllowedAccounts accounts, EngineMetrics metrics) {
        this.allowed = allowed.map(Set::copyOf);
        this.accounts = accounts;
        this.metrics = metrics;
    }

    public List<Environment> admit(Collection<Environment> environments) {
        return environments.stream().filter(this::admits).toList();
    }

    /** Whether the environment may be touched, without logging or counting: for those who only need to know. */
    public boolean allows(Environment environment) {
        return allowsName(environment) && accounts.admits(environment);
    }

    private boolean allowsName(Environment environment) {
        return allowed.isEmpty() || allowed.get().contains(environment.name());
    }

    private boolean admits(Environment environment) {
        if (!allowsName(environment)) {
            LOG.warnf("environment %s is not in converge.guards.allowed-environments %s; skipped", environment.name(),
                    allowed.get().stream().sorted().toList());
            metrics.recordEnvironmentSkipped(environment.name(), NOT_AN_ALLOWED_ENVIRONMENT);
            return false;
        }
        if (!accounts.admits(environment)) {
            LOG.warnf("%s; skipped", accounts.refusal(environment));
            metrics.recordEnvironmentSkipped(environment.name(), NOT_AN_ALLOWED_ACCOUNT);
            return false;
        }
        return true;
    }
}
