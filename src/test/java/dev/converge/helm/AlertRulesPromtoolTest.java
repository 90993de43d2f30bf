package dev.converge.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart's alerts, rendered as a release renders them, run by {@code promtool test rules} over series that
 * must fire each alert and series that must not. promtool comes with Debian's {@code prometheus} package;
 * {@code .ci/run} installs it where it can, and the test is skipped where it is absent. The annotations are
 * left out of the rules under test: promtool compares them too, and they are prose, not behaviour.
 */
class AlertRulesPromtoolTest {

    private static final YAMLMapper YAML = new YAMLMapper();

    @TempDir
    Path tmp;

    @Test
    void alertsFireOnTheSeriesThatMustPage_andOnlyOnThose() throws Exception {
        Optional<Path> promtool = onPath("promtool");
        assumeTrue(promtool.isPresent(), "promtool is not on PATH: install Debian's 'prometheus' package "
                + "(apt-get install prometheus) to run the alert tests");

        JsonNode rule = HelmChartTest.one(HelmChartTest.render(t -> t.set("prometheusRule.enabled", "true")), "PrometheusRule");
        ObjectNode rules = YAML.createObjectNode();
        rules.set("groups", rule.at("/spec/groups").deepCopy());
        rules.at("/groups/0/rules").forEach(r -> ((ObjectNode) r).remove("annotations"));
        Files.writeString(tmp.resolve("rules.yaml"), YAML.writeValueAsString(rules), StandardCharsets.UTF_8);
        Files.writeString(tmp.resolve("tests.yaml"), TESTS, StandardCharsets.UTF_8);

        Process process = new ProcessBuilder(promtool.get().toString(), "test", "rules", "tests.yaml")
                .directory(tmp.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as("promtool test rules:%n%s", output).isZero();
        assertThat(output).contains("SUCCESS");
    }

    private static Optional<Path> onPath(String command) {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(dir -> Path.of(dir, command))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /** Labels as the chart's ServiceMonitor scrapes them: job is the release name, namespace and pod are added. */
    private static final String TESTS = """
            rule_files: [rules.yaml]
            evaluation_interval: 1m
            tests:
              - name: drift that persists pages, drift that is fixed does not
                interval: 1m
                input_series:
                  # a single replica without leases: no ownership series
                  - series: 'converge_drift_resources{namespace="ops",pod="c-0",environment="prod",kind="Bucket"}'
                    values: '1x40'
                  - series: 'converge_drift_resources{namespace="ops",pod="c-0",environment="nonprod",kind="Vpc"}'
                    values: '0x40'
                  - series: 'converge_drift_resources{namespace="ops",pod="c-0",environment="dev",kind="Subnet"}'
                    values: '1x10 0x30'
                alert_rule_test:
                  - eval_time: 20m
                    alertname: ConvergeDriftPersisting
                    exp_alerts: []
                  - eval_time: 35m
                    alertname: ConvergeDriftPersisting
                    exp_alerts:
                      - exp_labels: {severity: warning, namespace: ops, environment: prod, kind: Bucket}

              - name: drift on the environment's owner pages across a lease move, a former owner's stale drift does not
                interval: 1m
                input_series:
                  # staging moved from c-1 to c-2, which fixed it; c-1 still shows what it last saw (a release that
                  # withdraws it removes the series; an older one, or the moment before, does not)
                  - series: 'converge_environment_owned{namespace="ops",pod="c-1",environment="staging"}'
                    values: '0x40'
                  - series: 'converge_environment_owned{namespace="ops",pod="c-2",environment="staging"}'
                    values: '1x40'
                  - series: 'converge_drift_resources{namespace="ops",pod="c-1",environment="staging",kind="Vpc"}'
                    values: '2x40'
                  - series: 'converge_drift_resources{namespace="ops",pod="c-2",environment="staging",kind="Vpc"}'
                    values: '0x40'
                  # qa moved from c-1 to c-2 at 15m and stayed drifted: one alert, its 30m counted across the move
                  - series: 'converge_environment_owned{namespace="ops",pod="c-1",environment="qa"}'
                    values: '1x14 0x26'
                  - series: 'converge_environment_owned{namespace="ops",pod="c-2",environment="qa"}'
                    values: '0x14 1x26'
                  - series: 'converge_drift_resources{namespace="ops",pod="c-1",environment="qa",kind="Subnet"}'
                    values: '1x14'
                  - series: 'converge_drift_resources{namespace="ops",pod="c-2",environment="qa",kind="Subnet"}'
                    values: '_x14 1x26'
                alert_rule_test:
                  - eval_time: 20m
                    alertname: ConvergeDriftPersisting
                    exp_alerts: []
                  - eval_time: 35m
                    alertname: ConvergeDriftPersisting
                    exp_alerts:
                      - exp_labels: {severity: warning, namespace: ops, environment: qa, kind: Subnet}

              - name: failing passes page unless some pass of the environment succeeds
                interval: 1m
                input_series:
                  - series: 'converge_reconcile_total{namespace="ops",pod="c-0",environment="prod",result="error"}'
                    values: '0+1x30'
                  - series: 'converge_reconcile_total{namespace="ops",pod="c-0",environment="prod",result="success"}'
                    values: '5x30'
                  - series: 'converge_reconcile_total{namespace="ops",pod="c-0",environment="nonprod",result="error"}'
                    values: '0+1x30'
                  - series: 'converge_reconcile_total{namespace="ops",pod="c-0",environment="nonprod",result="success"}'
                    values: '0+1x30'
                alert_rule_test:
                  - eval_time: 20m
                    alertname: ConvergePassesFailing
                    exp_alerts:
                      - exp_labels: {severity: warning, namespace: ops, environment: prod}

              - name: a last success older than the threshold pages, a fresh one does not
                interval: 1m
                input_series:
                  - series: 'converge_last_success_timestamp_seconds{namespace="ops",pod="c-0",environment="prod"}'
                    values: '0x30'
                  - series: 'converge_last_success_timestamp_seconds{namespace="ops",pod="c-0",environment="nonprod"}'
                    values: '0+60x30'
                  # nonprod's lease moved from c-1 to c-0: c-1's series stays behind, stale, and must not page
                  - series: 'converge_last_success_timestamp_seconds{namespace="ops",pod="c-1",environment="nonprod"}'
                    values: '0x30'
                alert_rule_test:
                  - eval_time: 10m
                    alertname: ConvergeNoRecentSuccess
                    exp_alerts: []
                  - eval_time: 25m
                    alertname: ConvergeNoRecentSuccess
                    exp_alerts:
                      - exp_labels: {severity: warning, namespace: ops, environment: prod}
                  - eval_time: 25m
                    alertname: ConvergeNeverSucceeded
                    exp_alerts: []

              - name: no success since start-up pages, for the whole process or one environment
                interval: 1m
                input_series:
                  # c-1 started at 0 and exports nothing of Converge's: no pass ever finished
                  - series: 'process_start_time_seconds{job="converge",namespace="ops",pod="c-1"}'
                    values: '0x30'
                  # c-2 converges prod, but every nonprod pass fails
                  - series: 'process_start_time_seconds{job="converge",namespace="ops",pod="c-2"}'
                    values: '0x30'
                  - series: 'converge_last_success_timestamp_seconds{namespace="ops",pod="c-2",environment="prod"}'
                    values: '0+60x30'
                  - series: 'converge_reconcile_total{namespace="ops",pod="c-2",environment="prod",result="success"}'
                    values: '0+1x30'
                  - series: 'converge_reconcile_total{namespace="ops",pod="c-2",environment="nonprod",result="error"}'
                    values: '0+1x30'
                  # c-3 started five minutes ago: too young to judge
                  - series: 'process_start_time_seconds{job="converge",namespace="ops",pod="c-3"}'
                    values: '1200x30'
                  # another application's process in the namespace
                  - series: 'process_start_time_seconds{job="billing",namespace="ops",pod="b-0"}'
                    values: '0x30'
                alert_rule_test:
                  - eval_time: 10m
                    alertname: ConvergeNeverSucceeded
                    exp_alerts: []
                  - eval_time: 25m
                    alertname: ConvergeNeverSucceeded
                    exp_alerts:
                      - exp_labels: {severity: warning, namespace: ops, pod: c-1}
                      - exp_labels: {severity: warning, namespace: ops, pod: c-2, environment: nonprod}

              - name: a rejected spec revision pages while it is recent
                interval: 1m
                input_series:
                  - series: 'converge_spec_load_errors_total{namespace="ops",pod="c-0"}'
                    values: '0x10 1x30'
                alert_rule_test:
                  - eval_time: 5m
                    alertname: ConvergeSpecRejected
                    exp_alerts: []
                  - eval_time: 15m
                    alertname: ConvergeSpecRejected
                    exp_alerts:
                      - exp_labels: {severity: warning, namespace: ops, pod: c-0}
                  - eval_time: 30m
                    alertname: ConvergeSpecRejected
                    exp_alerts: []

              - name: a breaker that stays open pages, a closed or briefly open one does not
                interval: 1m
                input_series:
                  - series: 'resilience4j_circuitbreaker_state{namespace="ops",pod="c-0",name="prod/ec2",state="open"}'
                    values: '1x30'
                  - series: 'resilience4j_circuitbreaker_state{namespace="ops",pod="c-0",name="prod/s3",state="open"}'
                    values: '0x30'
                  - series: 'resilience4j_circuitbreaker_state{namespace="ops",pod="c-0",name="prod/s3",state="closed"}'
                    values: '1x30'
                  - series: 'resilience4j_circuitbreaker_state{namespace="ops",pod="c-0",name="nonprod/rds",state="open"}'
                    values: '0 1 0x28'
                  # c-1 does not own staging: its breaker, opened by live plans or left from before the lease moved, stops no pass
                  - series: 'converge_environment_owned{namespace="ops",pod="c-1",environment="staging"}'
                    values: '0x30'
                  - series: 'resilience4j_circuitbreaker_state{namespace="ops",pod="c-1",name="staging/ec2",state="open"}'
                    values: '1x30'
                alert_rule_test:
                  - eval_time: 15m
                    alertname: ConvergeCircuitBreakerOpen
                    exp_alerts:
                      - exp_labels: {severity: warning, namespace: ops, name: prod/ec2}

              - name: sustained throttling pages, light throttling and server errors do not
                interval: 1m
                input_series:
                  - series: 'converge_aws_transient_failures_total{namespace="ops",pod="c-0",environment="prod",service="ec2",reason="throttled"}'
                    values: '0+60x40'
                  - series: 'converge_aws_transient_failures_total{namespace="ops",pod="c-0",environment="nonprod",service="s3",reason="throttled"}'
                    values: '0+6x40'
                  - series: 'converge_aws_transient_failures_total{namespace="ops",pod="c-0",environment="prod",service="rds",reason="server_error"}'
                    values: '0+60x40'
                alert_rule_test:
                  - eval_time: 10m
                    alertname: ConvergeThrottled
                    exp_alerts: []
                  - eval_time: 30m
                    alertname: ConvergeThrottled
                    exp_alerts:
                      - exp_labels: {severity: warning, namespace: ops, environment: prod, service: ec2}

              - name: a resource that stays flagged as flapping pages, one that settles does not
                interval: 1m
                input_series:
                  - series: 'converge_resource_flapping{namespace="ops",pod="c-0",environment="prod",kind="SecurityGroup",name="bastion"}'
                    values: '1x30'
                  - series: 'converge_resource_flapping{namespace="ops",pod="c-0",environment="prod",kind="SecurityGroup",name="api"}'
                    values: '1x5 0x25'
                  # c-1 was staging's owner and flagged a resource; c-2 owns staging now and has nothing flagged
                  - series: 'converge_environment_owned{namespace="ops",pod="c-1",environment="staging"}'
                    values: '0x30'
                  - series: 'converge_environment_owned{namespace="ops",pod="c-2",environment="staging"}'
                    values: '1x30'
                  - series: 'converge_resource_flapping{namespace="ops",pod="c-1",environment="staging",kind="Bucket",name="logs"}'
                    values: '1x30'
                alert_rule_test:
                  - eval_time: 20m
                    alertname: ConvergeResourceFlapping
                    exp_alerts:
                      - exp_labels: {severity: warning, namespace: ops, environment: prod, kind: SecurityGroup, name: bastion}

              - name: a refused mass delete pages while it is recent
                interval: 1m
                input_series:
                  - series: 'converge_deletes_refused_total{namespace="ops",pod="c-0",environment="prod"}'
                    values: '0x5 1x30'
                  - series: 'converge_deletes_refused_total{namespace="ops",pod="c-0",environment="nonprod"}'
                    values: '0x35'
                alert_rule_test:
                  - eval_time: 10m
                    alertname: ConvergeDeletesRefused
                    exp_alerts:
                      - exp_labels: {severity: warning, namespace: ops, pod: c-0, environment: prod}
                  - eval_time: 30m
                    alertname: ConvergeDeletesRefused
                    exp_alerts: []

              - name: an environment without exactly one owner pages, a short handover does not
                interval: 1m
                input_series:
                  - series: 'converge_environment_owned{namespace="ops",pod="c-0",environment="prod"}'
                    values: '1x20'
                  - series: 'converge_environment_owned{namespace="ops",pod="c-1",environment="prod"}'
                    values: '0x20'
                  - series: 'converge_environment_owned{namespace="ops",pod="c-0",environment="nonprod"}'
                    values: '0x20'
                  - series: 'converge_environment_owned{namespace="ops",pod="c-1",environment="nonprod"}'
                    values: '0x20'
                  - series: 'converge_environment_owned{namespace="ops",pod="c-0",environment="dev"}'
                    values: '1x20'
                  - series: 'converge_environment_owned{namespace="ops",pod="c-1",environment="dev"}'
                    values: '1x20'
                  - series: 'converge_environment_owned{namespace="ops",pod="c-0",environment="staging"}'
                    values: '1x2 0x18'
                  - series: 'converge_environment_owned{namespace="ops",pod="c-1",environment="staging"}'
                    values: '0x3 1x17'
                alert_rule_test:
                  - eval_time: 15m
                    alertname: ConvergeEnvironmentOwnership
                    exp_alerts:
                      - exp_labels: {severity: warning, namespace: ops, environment: nonprod}
                      - exp_labels: {severity: warning, namespace: ops, environment: dev}

              - name: a lost lease pages while it is recent, released leases do not
                interval: 1m
                input_series:
                  - series: 'converge_lease_transitions_total{namespace="ops",pod="c-0",environment="prod",transition="lost"}'
                    values: '0x5 1x30'
                  - series: 'converge_lease_transitions_total{namespace="ops",pod="c-1",environment="prod",transition="released"}'
                    values: '0+1x35'
                  - series: 'converge_lease_transitions_total{namespace="ops",pod="c-1",environment="nonprod",transition="lost"}'
                    values: '0x35'
                alert_rule_test:
                  - eval_time: 10m
                    alertname: ConvergeLeaseLost
                    exp_alerts:
                      - exp_labels: {severity: warning, namespace: ops, pod: c-0, environment: prod}
                  - eval_time: 30m
                    alertname: ConvergeLeaseLost
                    exp_alerts: []
            """;
}
