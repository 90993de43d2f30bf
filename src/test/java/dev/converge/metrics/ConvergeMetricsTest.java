package dev.converge.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.engine.Outcome;
import dev.converge.engine.PassReport;
import dev.converge.model.ResourceKey;
import dev.converge.plan.Action;
import dev.converge.plan.Change;
import dev.converge.plan.Plan;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What Prometheus scrapes stays true: series an alert reads exist at zero, and series of the past go. */
class ConvergeMetricsTest {

    private static final List<String> KINDS = List.of("Vpc", "Bucket");
    private static final ResourceKey VPC = new ResourceKey("Vpc", "main");
    private static final Instant STARTED = Instant.parse("2026-12-01T10:00:00Z");

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ConvergeMetrics metrics = new ConvergeMetrics(registry, Clock.fixed(STARTED, ZoneOffset.UTC));

    @Test
    void countersThatAlertsRead_existAtZero_beforeAnythingHappens() {
        assertThat(scrape()).contains("converge_spec_load_errors_total 0.0", "converge_spec_fetch_errors_total 0.0");

        metrics.recordEnvironmentsInForce(List.of("prod"), KINDS);

        assertThat(scrape()).contains(
                "converge_reconcile_total{environment=\"prod\",result=\"error\"} 0.0",
                "converge_reconcile_total{environment=\"prod\",result=\"success\"} 0.0",
                "converge_changes_total{action=\"create\",environment=\"prod\",kind=\"Vpc\",result=\"error\"} 0.0",
                "converge_changes_total{action=\"delete\",environment=\"prod\",kind=\"Bucket\",result=\"error\"} 0.0");
        // No pass has succeeded yet: the age of the "last success" counts from when the environment came into force.
        assertThat(scrape().lines().filter(line -> line.startsWith("converge_last_success_timestamp_seconds{environment=\"prod\"}")))
                .singleElement()
                .satisfies(line -> assertThat(Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                        .isEqualTo((double) STARTED.getEpochSecond()));
    }

    @Test
    void gaugesOfAnEnvironmentThatLeftTheSpec_areRemoved_andAPassEndingLaterDoesNotBringThemBack() {
        metrics.recordEnvironmentsInForce(List.of("prod", "staging"), KINDS);
        metrics.recordPass(driftedPass("prod"), KINDS);
        metrics.recordPass(driftedPass("staging"), KINDS);
        assertThat(scrape()).contains("converge_drift_resources{environment=\"prod\",kind=\"Vpc\"} 1.0",
                "converge_resource_flapping{environment=\"prod\",kind=\"Vpc\",name=\"main\"} 1.0");

        metrics.recordEnvironmentsInForce(List.of("staging"), KINDS);
        metrics.recordPass(driftedPass("prod"), KINDS);

        String scrape = scrape();
        assertThat(gauges(scrape)).noneMatch(line -> line.contains("environment=\"prod\""));
        assertThat(scrape).contains("converge_drift_resources{environment=\"staging\",kind=\"Vpc\"} 1.0",
                "converge_orphaned_resources{environment=\"staging\",kind=\"Bucket\"} 0.0",
                "converge_resource_flapping{environment=\"staging\",kind=\"Vpc\",name=\"main\"} 1.0",
                "converge_last_success_timestamp_seconds{environment=\"staging\"}");
    }

    /**
     * After its lease moved, a replica's drift of the environment would stay as the last pass left it and
     * page although the new owner fixed it: only the last success stays, which alerts read as the newest
     * over every replica.
     */
    @Test
    void aRelinquishedEnvironment_losesItsGaugesOfWhatPassesSaw_butKeepsItsLastSuccessAndCounters() {
        metrics.recordEnvironmentsInForce(List.of("prod", "staging"), KINDS);
        metrics.recordPass(driftedPass("prod"), KINDS);
        metrics.recordPass(driftedPass("staging"), KINDS);

        metrics.recordEnvironmentRelinquished("prod");

        String scrape = scrape();
        assertThat(scrape.lines().filter(line -> line.contains("environment=\"prod\"")))
                .noneMatch(line -> line.startsWith("converge_drift_resources") || line.startsWith("converge_conflict_resources")
                        || line.startsWith("converge_orphaned_resources") || line.startsWith("converge_resource_flapping"))
                .anyMatch(line -> line.startsWith("converge_last_success_timestamp_seconds{environment=\"prod\"}"))
                .anyMatch(line -> line.startsWith("converge_reconcile_total{environment=\"prod\",result=\"success\"} 1.0"));
        assertThat(scrape).contains("converge_drift_resources{environment=\"staging\",kind=\"Vpc\"} 1.0",
                "converge_conflict_resources{environment=\"staging\",kind=\"Vpc\"} 0.0",
                "converge_resource_flapping{environment=\"staging\",kind=\"Vpc\",name=\"main\"} 1.0");

        // Taken back later, the environment reports afresh: a resource flagged before is not brought back at 0.
        metrics.recordPass(driftedPass("prod", Set.of()), KINDS);
        assertThat(scrape()).contains("converge_drift_resources{environment=\"prod\",kind=\"Vpc\"} 1.0")
                .doesNotContain("converge_resource_flapping{environment=\"prod\"");
    }

    @Test
    void specInfo_holdsTheRevisionInForce_andOnlyTheNewestRefusedOne() {
        metrics.recordSpecRevision("specs", "aaaa");
        metrics.recordSpecRevision("specs", "bbbb");
        assertThat(specInfo()).containsExactly("converge_spec_info{revision=\"bbbb\",source=\"specs\"} 1.0");

        metrics.recordSpecRefused("specs", "cccc");
        metrics.recordSpecRefused("specs", "dddd");
        assertThat(specInfo()).containsExactlyInAnyOrder(
                "converge_spec_info{revision=\"bbbb\",source=\"specs\"} 1.0",
                "converge_spec_info{revision=\"dddd\",source=\"specs\"} 0.0");
        assertThat(scrape()).contains("converge_spec_load_errors_total 2.0");

        metrics.recordSpecRevision("specs", "eeee");
        assertThat(specInfo()).containsExactly("converge_spec_info{revision=\"eeee\",source=\"specs\"} 1.0");
    }

    /** A successful pass that leaves one VPC drifted, flagged as flapping, and no orphan. */
    private static PassReport driftedPass(String environment) {
        return driftedPass(environment, Set.of(VPC));
    }

    private static PassReport driftedPass(String environment, Set<ResourceKey> flapping) {
        Change update = new Change(VPC, Action.UPDATE, List.of(), null, null, null);
        Plan plan = new Plan(environment, List.of(update));
        return new PassReport(environment, STARTED, Duration.ofSeconds(2), plan, plan, List.<Outcome>of(), null, flapping);
    }

    /** The scrape in the text format of Quarkus's registry, without the trailing comma in label sets of this one. */
    private String scrape() {
        return registry.scrape().replace(",}", "}");
    }

    private List<String> gauges(String scrape) {
        return scrape.lines()
                .filter(line -> line.startsWith("converge_drift_resources") || line.startsWith("converge_orphaned_resources")
                        || line.startsWith("converge_resource_flapping") || line.startsWith("converge_last_success"))
                .toList();
    }

    private List<String> specInfo() {
        return scrape().lines().filter(line -> line.startsWith("converge_spec_info{")).toList();
    }
}
