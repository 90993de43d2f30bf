package dev.converge.aws;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.core.functions.CheckedSupplier;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RequestNotPermitted;
import io.github.resilience4j.retry.Retry;
import java.io.IOException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.HttpExecuteResponse;

/**
 * The resilience4j policies of one service of one environment, applied to each HTTP attempt: retried
 * with backoff, each attempt rate limited and then passed through the circuit breaker. A rejected call
 * fails at once with a message naming the environment and the service.
 */
record CallGuard(
        String environment, String service, Retry retry, CircuitBreaker breaker, RateLimiter limiter, TransientFailures failures) {

    /** Connection failures and timeouts, but not a call the SDK aborted: that one is over. */
    static boolean isTransient(Throwable failure) {
        return failure instanceof IOException && !(failure instanceof ResilientHttpClient.AbortedException);
    }

    HttpExecuteResponse execute(CheckedSupplier<HttpAttempt> attempt) throws IOException {
        CheckedSupplier<HttpAttempt> guarded = Retry.decorateCheckedSupplier(retry,
                RateLimiter.decorateCheckedSupplier(limiter, CircuitBreaker.decorateCheckedSupplier(breaker, counted(attempt))));
        try {
            return guarded.get().response();
        } catch (CallNotPermittedException e) {
            throw SdkClientException.create(String.format(
                    "AWS %s is failing for environment %s: circuit breaker %s is open after %.0f%% of recent calls failed;"
                            + " calls are rejected for %d ms before trial calls go through",
                    service, environment, breaker.getName(), breaker.getMetrics().getFailureRate(),
                    breaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1)), e);
        } catch (RequestNotPermitted e) {
            throw SdkClientException.create(String.format(
                    "AWS %s rate limit %s for environment %s: no permit within the call timeout", service, limiter.getName(),
                    environment), e);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IOException(e);
        }
    }

    private CheckedSupplier<HttpAttempt> counted(CheckedSupplier<HttpAttempt> attempt) {
        return () -> {
            try {
                HttpAttempt result = attempt.get();
                if (result.retryable()) {
                    failures.record(environment, service, result);
                }
                return result;
            } catch (IOException e) {
                if (isTransient(e)) {
                    failures.recordUnreachable(environment, service);
                }
                throw e;
            }
        };
    }
}
