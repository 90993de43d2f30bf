package dev.converge.aws;

import java.util.List;
import java.util.Map;

/**
 * What the executor is doing on the current thread, so that every mutating AWS call made by a driver
 * can be audited with the resource and the field changes that caused it, without drivers passing it on.
 */
public final class AuditScope {

    /**
     * The step in progress.
     *
     * @param changes the field changes as the plan shows them: values of sensitive fields are digests
     * @param cause who made the change an event revealed and this step undoes, and when; null when no event did
     */
    public record Step(String environment, String resource, String action, List<String> changes, Map<String, String> cause) {

        public Step(String environment, String resource, String action, List<String> changes) {
            this(environment, resource, action, changes, null);
        }
    }

    private static final ThreadLocal<Step> CURRENT = new ThreadLocal<>();

    private AuditScope() {}

    public static <T> T run(Step step, java.util.function.Supplier<T> work) {
        Step previous = CURRENT.get();
        CURRENT.set(step);
        try {
            return work.get();
        } finally {
            CURRENT.set(previous);
        }
    }

    public static Step current() {
        return CURRENT.get();
    }
}
