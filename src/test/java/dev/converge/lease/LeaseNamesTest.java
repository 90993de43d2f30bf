package dev.converge.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LeaseNamesTest {

    @Test
    void aValidNameIsKeptAsItIs() {
        assertThat(LeaseNames.environment("converge", "prod")).isEqualTo("converge-prod");
        assertThat(LeaseNames.member("converge", "converge-7d9f8-x2k4q")).isEqualTo("converge-member-converge-7d9f8-x2k4q");
    }

    @Test
    void anInvalidNameIsMadeValidAndKeepsTwoOriginalsApart() {
        String upper = LeaseNames.environment("Converge_Ops", "prod");
        String lower = LeaseNames.environment("converge-ops", "prod");
        assertThat(upper).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?").startsWith("converge-ops-prod-").isNotEqualTo(lower);
        assertThat(LeaseNames.label("x".repeat(100))).hasSizeLessThanOrEqualTo(63).matches("[a-z0-9-]+");
    }

    @Test
    void theShareIsTheCeilingOfEnvironmentsOverReplicas() {
        assertThat(LeaseManager.share(9, 3)).isEqualTo(3);
        assertThat(LeaseManager.share(9, 2)).isEqualTo(5);
        assertThat(LeaseManager.share(2, 3)).isEqualTo(1);
        assertThat(LeaseManager.share(0, 3)).isZero();
    }

    @Test
    void settingsThatWouldLetALeaseLapseBetweenRenewalsAreRefused() {
        assertThatThrownBy(() -> settings(Duration.ofSeconds(30), Duration.ofSeconds(26), Duration.ofSeconds(5)))
                .hasMessageContaining("converge.lease.renew-period");
        assertThatThrownBy(() -> settings(Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(30)))
                .hasMessageContaining("converge.lease.margin");
        assertThatThrownBy(() -> settings(Duration.ofMillis(2500), Duration.ofMillis(500), Duration.ofMillis(500)))
                .hasMessageContaining("whole number of seconds");
        assertThat(settings(Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(5)).identity()).isEqualTo("a");
    }

    private static LeaseSettings settings(Duration duration, Duration renew, Duration margin) {
        return new LeaseSettings("converge", "ns", "a", duration, renew, margin);
    }
}
