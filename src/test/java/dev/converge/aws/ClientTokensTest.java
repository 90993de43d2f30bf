package dev.converge.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.model.Mode;
import dev.converge.model.ResourceKey;
import dev.converge.plan.ObservedState;
import dev.converge.testing.Harness;
import org.junit.jupiter.api.Test;

class ClientTokensTest {

    private static final ResourceKey TABLE = ResourceKey.of("RouteTable", "public");

    @Test
    void sameCreateInAnotherProcess_getsTheSameToken() {
        assertThat(ClientTokens.of(context("prod"), TABLE, "vpc-1"))
                .isEqualTo(ClientTokens.of(context("prod"), TABLE, "vpc-1"));
    }

    @Test
    void anotherEnvironmentResourceOrContent_getsAnotherToken() {
        String token = ClientTokens.of(context("prod"), TABLE, "vpc-1");

        assertThat(ClientTokens.of(context("staging"), TABLE, "vpc-1")).isNotEqualTo(token);
        assertThat(ClientTokens.of(context("prod"), ResourceKey.of("RouteTable", "private"), "vpc-1")).isNotEqualTo(token);
        assertThat(ClientTokens.of(context("prod"), TABLE, "vpc-2")).isNotEqualTo(token);
    }

    @Test
    void fitsTheShortestTokenLimit() {
        assertThat(ClientTokens.of(context("prod"), TABLE, "x".repeat(10_000))).hasSizeLessThanOrEqualTo(64);
    }

    private static DriverContext context(String environment) {
        return new DriverContext(Harness.environment(environment, Mode.ENFORCE), Harness.CONTROLLER, null, new ObservedState());
    }
}
