package dev.converge.aws;

import java.time.Duration;

/**
 * How every AWS call is retried, broken and rate limited.
 *
 * @param maxAttempts attempts of one HTTP request, the first included
 * @param initialBackoff the backoff before the first retry; it doubles with every retry, with full jitter
 * @param maxBackoff the ceiling of the backoff
 * @param failureRateThreshold percentage of failed attempts (5xx, connection errors) that opens an
 *     environment's breaker for a service
 * @param waitInOpen how long an open breaker rejects calls before it lets trial calls through
 * @param minimumCalls attempts the breaker needs to see before it computes a failure rate
 * @param ratePerSecond requests per second to one service of one account
 */
public record ResilienceSettings(
        int maxAttempts,
        Duration initialBackoff,
        Duration maxBackoff,
        float failureRateThreshold,
        Duration waitInOpen,
        int minimumCalls,
        int ratePerSecond) {

    public ResilienceSettings {
        if (maxAttempts < 1 || minimumCalls < 1 || ratePerSecond < 1) {
            throw new IllegalArgumentException("attempts, minimum calls and rate must be at least 1");
        }
    }
}
