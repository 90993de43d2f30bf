package dev.converge.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.model.Mode;
import dev.converge.model.ResourceKey;
import dev.converge.plan.ObservedState;
import dev.converge.testing.Harness;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientTokensTest {

    private static final ResourceKey TABLE = ResourceKey.of("RouteTable", "public");

    /**
     * A restarted Converge must send the same token for the same create. Each JVM salts the iteration
     * order of {@code Map.copyOf} (the tags) differently, so this computes the token in this JVM and in
     * two child JVMs: with tokens derived from a map's plain text the three disagree.
     */
    @Test
    void sameCreateInAnotherProcess_getsTheSameToken() throws Exception {
        String here = TokenInAnotherJvm.token();
        List<String> elsewhere = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            elsewhere.add(tokenFromChildJvm());
        }

        assertThat(elsewhere).containsOnly(here);
    }

    @Test
    void tagsInAnyOrder_giveTheSameToken() {
        Map<String, String> one = new java.util.LinkedHashMap<>();
        one.put("a", "1");
        one.put("b", "2");
        Map<String, String> other = new java.util.LinkedHashMap<>();
        other.put("b", "2");
        other.put("a", "1");

        assertThat(ClientTokens.of(context("prod"), TABLE, "vpc-1", one))
                .isEqualTo(ClientTokens.of(context("prod"), TABLE, "vpc-1", other));
    }

    @Test
    void anotherEnvironmentResourceOrContent_getsAnotherToken() {
        String token = ClientTokens.of(context("prod"), TABLE, "vpc-1");

        assertThat(ClientTokens.of(context("staging"), TABLE, "vpc-1")).isNotEqualTo(token);
        assertThat(ClientTokens.of(context("prod"), ResourceKey.of("RouteTable", "private"), "vpc-1")).isNotEqualTo(token);
        assertThat(ClientTokens.of(context("prod"), TABLE, "vpc-2")).isNotEqualTo(token);
        assertThat(ClientTokens.of(context("prod"), TABLE, "vpc-1", Map.of("a", "1"))).isNotEqualTo(token);
    }

    @Test
    void fitsTheShortestTokenLimit() {
        assertThat(ClientTokens.of(context("prod"), TABLE, "x".repeat(10_000))).hasSizeLessThanOrEqualTo(64);
    }

    private static String tokenFromChildJvm() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), TokenInAnotherJvm.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(child.waitFor()).as("exit code of the child JVM").isZero();
        return output;
    }

    private static DriverContext context(String environment) {
        return new DriverContext(Harness.environment(environment, Mode.ENFORCE), Harness.CONTROLLER, null, new ObservedState());
    }
}
