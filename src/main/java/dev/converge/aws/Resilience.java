package dev.converge.aws;

import dev.converge.model.Environment;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRateLimiterMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.utils.AttributeMap;

/**
 * The one resilience layer of every AWS call: retry with exponential backoff and full jitter on
 * throttling, 5xx and connection failures; a circuit breaker per environment and service; a rate
 * limiter per account and service. Exported to Micrometer under resilience4j's own metric names.
 */
final class Resilience {

    /** Full jitter: each backoff is drawn from zero to twice the doubling base (then capped), so callers spread out. */
    private static final double FULL_JITTER = 1.0;
    private static final double BACKOFF_MULTIPLIER = 2.0;
    /** The breaker judges at least this many recent attempts, so a short burst does not dominate. */
    private static final int BREAKER_WINDOW = 100;

    private final RetryRegistry retries;
    private final CircuitBreakerRegistry breakers;
    private final RateLimiterRegistry limiters;
    private final TransientFailures failures;
    private final Duration readTimeout;

    /**
     * @param callTimeout how long a call may wait for its turn under the rate limit
     * @param readTimeout how long a socket may wait for an answer: as long as the longest call may take
     */
    Resilience(ResilienceSettings settings, Duration callTimeout, Duration readTimeout, MeterRegistry registry) {
        retries = RetryRegistry.of(RetryConfig.<HttpAttempt>custom()
                .maxAttempts(settings.maxAttempts())
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(
                        settings.initialBackoff(), BACKOFF_MULTIPLIER, FULL_JITTER, settings.maxBackoff()))
                .retryOnResult(HttpAttempt::retryable)
                .retryOnException(CallGuard::isTransient)
                .failAfterMaxAttempts(false)
                .build());
        breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .failureRateThreshold(settings.failureRateThreshold())
                .waitDurationInOpenState(settings.waitInOpen())
                .minimumNumberOfCalls(settings.minimumCalls())
                .slidingWindowSize(Math.max(BREAKER_WINDOW, settings.minimumCalls()))
                .recordResult(result -> result instanceof HttpAttempt attempt && attempt.serverFault())
                .recordException(CallGuard::isTransient)
                .build());
        limiters = RateLimiterRegistry.of(RateLimiterConfig.custom()
                .limitForPeriod(settings.ratePerSecond())
                .limitRefreshPeriod(Duration.ofSeconds(1))
                .timeoutDuration(callTimeout)
                .build());
        failures = new TransientFailures(registry);
        this.readTimeout = readTimeout;
        TaggedRetryMetrics.ofRetryRegistry(retries).bindTo(registry);
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(registry);
        TaggedRateLimiterMetrics.ofRateLimiterRegistry(limiters).bindTo(registry);
    }

    /** The HTTP client of one service of an environment; the SDK builds it with the service's defaults and closes it. */
    SdkHttpClient.Builder<?> httpClient(Environment environment, String service) {
        String scope = environment.name() + "/" + service;
        String account = environment.accountId() != null ? environment.accountId() : environment.name();
        CallGuard guard = new CallGuard(environment.name(), service, retries.retry(scope), breakers.circuitBreaker(scope),
                limiters.rateLimiter(account + "/" + service), failures);
        return new GuardedClientBuilder(guard, readTimeout);
    }

    /**
     * The socket may wait for a response as long as the longest call may take: the HTTP default of 30 s cut
     * off every attempt at a describe that takes longer (a large estate, a slow endpoint), so each pass
     * failed at the same call. The SDK's call timeout ends a call sooner ({@link CallTimeouts}); pages of
     * bounded size keep a call within it on AWS.
     */
    private record GuardedClientBuilder(CallGuard guard, Duration readTimeout) implements SdkHttpClient.Builder<GuardedClientBuilder> {
        @Override
        public SdkHttpClient buildWithDefaults(AttributeMap serviceDefaults) {
            return new ResilientHttpClient(ApacheHttpClient.builder().socketTimeout(readTimeout).buildWithDefaults(serviceDefaults), guard);
        }
    }
}
