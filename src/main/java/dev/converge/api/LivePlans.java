package dev.converge.api;

import dev.converge.engine.ConvergeConfig;
import dev.converge.plan.Plan;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The live plans' observations of AWS, one per environment at a time: requests arriving while one is
 * under way wait for it, and a finished one (plan or failure) answers every request for the same
 * environment and spec revision during {@code converge.api.plan-cache}. So however many callers ask,
 * an environment is observed at most once in flight and once per period, and the API cannot spend
 * the accounts' request budget that the passes need.
 */
@ApplicationScoped
public class LivePlans {

    private final Duration cache;
    private final Clock clock;
    private final Map<String, Observation> observations = new ConcurrentHashMap<>();

    @Inject
    public LivePlans(ConvergeConfig config) {
        this(config.api().planCache(), Clock.systemUTC());
    }

    LivePlans(Duration cache, Clock clock) {
        this.cache = cache;
        this.clock = clock;
    }

    /**
     * The plan of an environment at a spec revision: the shared observation's if one is under way or
     * fresh, else the one {@code observe} makes now on the calling thread.
     *
     * @throws RuntimeException what the observation threw, to every request that shared it
     */
    public Plan plan(String environment, String revision, Supplier<Plan> observe) {
        Observation mine = new Observation(revision);
        Observation shared = observations.compute(environment,
                (name, current) -> current != null && current.answers(revision, clock.instant(), cache) ? current : mine);
        if (shared == mine) {
            mine.run(observe, clock);
        }
        return shared.join();
    }

    private static final class Observation {

        private final String revision;
        private final CompletableFuture<Plan> plan = new CompletableFuture<>();
        /** Written before {@link #plan} completes, so a completed observation always has it. */
        private volatile Instant finished;

        Observation(String revision) {
            this.revision = revision;
        }

        boolean answers(String wanted, Instant now, Duration cache) {
            return revision.equals(wanted) && (!plan.isDone() || now.isBefore(finished.plus(cache)));
        }

        void run(Supplier<Plan> observe, Clock clock) {
            try {
                Plan result = observe.get();
                finished = clock.instant();
                plan.complete(result);
            } catch (RuntimeException | Error e) {
                // An Error too: the requests waiting on this observation must not wait forever.
                finished = clock.instant();
                plan.completeExceptionally(e);
            }
        }

        Plan join() {
            try {
                return plan.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        }
    }
}
