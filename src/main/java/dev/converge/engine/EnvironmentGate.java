package dev.converge.engine;

import dev.converge.model.Environment;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Lets through only the environments an installation may touch ({@code converge.guards.allowed-environments}),
 * so a spec naming production cannot reach it from a controller meant for staging. The others are
 * logged and counted as skipped, before any AWS client is built for them.
 */
public final class EnvironmentGate {

    private static final Logger LOG = Logger.getLogger(EnvironmentGate.class);

    private final Optional<Set<String>> allowed;
    private final EngineMetrics metrics;

    /** @param allowed the environments that may be touched; empty lets every environment through */
    public EnvironmentGate(Optional<? extends Collection<String>> allowed, EngineMetrics metrics) {
        this.allowed = allowed.map(Set::copyOf);
        this.metrics = metrics;
    }

    public List<Environment> admit(Collection<Environment> environments) {
        return environments.stream().filter(this::admits).toList();
    }

    /** Whether the environment may be touched, without logging or counting: for those who only need to know. */
    public boolean allows(String environment) {
        return allowed.isEmpty() || allowed.get().contains(environment);
    }

    private boolean admits(Environment environment) {
        if (allows(environment.name())) {
            return true;
        }
        LOG.warnf("environment %s is not in converge.guards.allowed-environments %s; skipped", environment.name(),
                allowed.get().stream().sorted().toList());
        metrics.recordEnvironmentSkipped(environment.name());
        return false;
    }
}
