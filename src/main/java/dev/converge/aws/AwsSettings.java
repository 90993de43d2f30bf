package dev.converge.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * How clients reach AWS.
 *
 * @param endpoint an endpoint override for every client (a local emulator); empty means real AWS
 * @param defaultRegion the region of environments that do not name one
 * @param callTimeout the limit for one API call including its retries
 * @param resilience how calls are retried, broken and rate limited
 */
public record AwsSettings(Optional<URI> endpoint, String defaultRegion, Duration callTimeout, ResilienceSettings resilience) {}
