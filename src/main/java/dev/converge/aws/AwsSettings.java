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
 * @param sourceIdentity sent as {@code SourceIdentity} on every AssumeRole, so CloudTrail in the environment's
 *     account names the controller behind each change; empty sends none
 */
public record AwsSettings(
        Optional<URI> endpoint, String defaultRegion, Duration callTimeout, ResilienceSettings resilience,
        Optional<String> sourceIdentity) {

    /** Settings that send no source identity. */
    public AwsSettings(Optional<URI> endpoint, String defaultRegion, Duration callTimeout, ResilienceSettings resilience) {
        this(endpoint, defaultRegion, callTimeout, resilience, Optional.empty());
    }

    public AwsSettings {
        sourceIdentity = sourceIdentity.map(StsNames::sourceIdentity);
    }
}
