package dev.converge.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.api.BearerToken.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BearerTokenTest {

    @TempDir
    Path dir;

    @Test
    void withoutATokenFile_mutatingEndpointsAreDisabled() {
        assertThat(BearerToken.verify(Optional.empty(), "Bearer anything")).isEqualTo(Verdict.DISABLED);
    }

    @Test
    void aMissingOrEmptyTokenFile_makesTheTokenUnavailable_neverAccepted() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty"), "\n");

        assertThat(BearerToken.verify(Optional.of(dir.resolve("missing")), "Bearer ")).isEqualTo(Verdict.UNAVAILABLE);
        assertThat(BearerToken.verify(Optional.of(empty), "Bearer ")).isEqualTo(Verdict.UNAVAILABLE);
    }

    @Test
    void onlyTheExactTokenAsABearerTokenIsAccepted() throws Exception {
        Optional<Path> file = Optional.of(Files.writeString(dir.resolve("token"), "s3cr3t\n"));

        assertThat(BearerToken.verify(file, "Bearer s3cr3t")).isEqualTo(Verdict.ACCEPTED);
        assertThat(BearerToken.verify(file, "bearer s3cr3t")).isEqualTo(Verdict.ACCEPTED);
        assertThat(BearerToken.verify(file, null)).isEqualTo(Verdict.REJECTED);
        assertThat(BearerToken.verify(file, "Basic s3cr3t")).isEqualTo(Verdict.REJECTED);
        assertThat(BearerToken.verify(file, "Bearer s3cr3")).isEqualTo(Verdict.REJECTED);
        assertThat(BearerToken.verify(file, "Bearer s3cr3t2")).isEqualTo(Verdict.REJECTED);
        assertThat(BearerToken.verify(file, "Bearer ")).isEqualTo(Verdict.REJECTED);
    }
}
