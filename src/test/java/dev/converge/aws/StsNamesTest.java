package dev.converge.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Names STS accepts: 2 to 64 characters of {@code [\w+=,.@-]} (AssumeRole API reference). */
class StsNamesTest {

    private static final String STS_NAME = "[\\w+=,.@-]{2,64}";

    @Test
    void aSessionNameNamesTheEnvironment() {
        assertThat(StsNames.sessionName("prod")).isEqualTo("converge-prod");
    }

    @Test
    void theLongestEnvironmentNameIsCutTo64Characters() {
        String longest = "a".repeat(63);

        String name = StsNames.sessionName(longest);

        assertThat(name).hasSize(64).startsWith("converge-aaa").matches(STS_NAME);
    }

    @Test
    void charactersStsRefusesBecomeDashes() {
        assertThat(StsNames.sessionName("eu west/ü:1")).isEqualTo("converge-eu-west---1").matches(STS_NAME);
    }

    @Test
    void aSourceIdentityIsSentAsConfigured_orRefused() {
        assertThat(StsNames.sourceIdentity("converge-ops@acme")).isEqualTo("converge-ops@acme");
        assertThatThrownBy(() -> StsNames.sourceIdentity("converge ops"))
                .hasMessageContaining("converge.aws.source-identity 'converge ops' is not 2 to 64 characters");
        assertThatThrownBy(() -> StsNames.sourceIdentity("c")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StsNames.sourceIdentity("c".repeat(65))).isInstanceOf(IllegalArgumentException.class);
    }
}
