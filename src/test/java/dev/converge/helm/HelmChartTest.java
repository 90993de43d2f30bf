package dev.converge.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Helm chart in {@code helm/converge}, linted and rendered in-process by helm-java (helm v3 as a JNI
 * library), the rendered manifests parsed as YAML: the helm-unittest suites this project cannot install.
 */
class HelmChartTest {

    private static final Path CHART = Paths.get("helm/converge");
    private static final String KUBE_VERSION = "1.30.0";
    private static final YAMLMapper YAML = new YAMLMapper();

    @TempDir
    Path tmp;

    @Test
    void lintStrictPasses() {
        LintResult result = new Helm(CHART).lint().strict().call();

        assertThat(result.isFailed()).as("lint messages: %s", result.getMessages()).isFalse();
        assertThat(result.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    }

    @Test
    void defaultRenderHasSecureDeploymentWithProbesSpecsAndEnv() throws IOException {
        List<JsonNode> docs = render(t -> t);

        assertThat(kinds(docs)).containsExactlyInAnyOrder("ServiceAccount", "ConfigMap", "Service", "Deployment");

        JsonNode deployment = one(docs, "Deployment");
        assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(1);
        assertThat(deployment.at("/spec/strategy/type").asText()).isEqualTo("Recreate");
        JsonNode pod = deployment.at("/spec/template/spec");
        JsonNode container = pod.at("/containers/0");
        assertThat(container.at("/image").asText()).isEqualTo("converge/converge:0.1.0");
        assertThat(container.has("args")).isFalse();
        assertThat(container.at("/ports/0/name").asText()).isEqualTo("http");
        assertThat(container.at("/ports/0/containerPort").asInt()).isEqualTo(8080);

        assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/q/health/live");
        assertThat(container.at("/livenessProbe/httpGet/port").asText()).isEqualTo("http");
        assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/q/health/ready");

        assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod.at("/securityContext/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
        assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(container.at("/securityContext/allowPrivilegeEscalation").isBoolean()).isTrue();
        assertThat(container.at("/securityContext/allowPrivilegeEscalation").asBoolean()).isFalse();
        assertThat(container.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
        assertThat(texts(container.at("/securityContext/capabilities/drop"))).containsExactly("ALL");
        assertThat(pod.at("/automountServiceAccountToken").asBoolean(true)).isFalse();

        Map<String, String> env = env(container);
        assertThat(env).containsEntry("CONVERGE_SPECS_PATH", "/etc/converge/specs")
                .containsEntry("CONVERGE_INTERVAL", "60s")
                .containsEntry("CONVERGE_CONTROLLER_NAME", "converge")
                .containsEntry("CONVERGE_AWS_REGION", "us-east-1")
                .doesNotContainKey("CONVERGE_AWS_ENDPOINT")
                .doesNotContainKey("QUARKUS_LOG_CONSOLE_JSON_ENABLED");

        Map<String, String> mounts = new HashMap<>();
        container.at("/volumeMounts").forEach(m -> mounts.put(m.at("/name").asText(), m.at("/mountPath").asText()));
        assertThat(mounts).containsEntry("specs", "/etc/converge/specs").containsEntry("tmp", "/tmp");
        String configMapName = one(docs, "ConfigMap").at("/metadata/name").asText();
        assertThat(volume(pod, "specs").at("/configMap/name").asText()).isEqualTo(configMapName);
        assertThat(volume(pod, "tmp").has("emptyDir")).isTrue();
        assertThat(pod.at("/serviceAccountName").asText()).isEqualTo(one(docs, "ServiceAccount").at("/metadata/name").asText());

        JsonNode service = one(docs, "Service");
        assertThat(service.at("/spec/ports/0/name").asText()).isEqualTo("http");
        assertThat(service.at("/spec/ports/0/port").asInt()).isEqualTo(8080);
    }

    @Test
    void valuesReachTheContainer() throws IOException {
        List<JsonNode> docs = render(t -> t
                .set("aws.endpoint", "http://moto.test:5000")
                .set("aws.region", "eu-west-1")
                .set("interval", "5m")
                .set("controllerName", "converge-prod")
                .set("logFormat", "json")
                .set("image.tag", "1.2.3")
                .set("env[0].name", "EXTRA")
                .set("env[0].value", "yes")
                .set("priorityClassName", "system-cluster-critical")
                .set("podAnnotations.team", "platform"));

        JsonNode deployment = one(docs, "Deployment");
        JsonNode container = deployment.at("/spec/template/spec/containers/0");
        assertThat(env(container)).containsEntry("CONVERGE_AWS_ENDPOINT", "http://moto.test:5000")
                .containsEntry("CONVERGE_AWS_REGION", "eu-west-1")
                .containsEntry("CONVERGE_INTERVAL", "5m")
                .containsEntry("CONVERGE_CONTROLLER_NAME", "converge-prod")
                .containsEntry("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "true")
                .containsEntry("EXTRA", "yes");
        assertThat(container.at("/image").asText()).isEqualTo("converge/converge:1.2.3");
        assertThat(deployment.at("/spec/template/spec/priorityClassName").asText()).isEqualTo("system-cluster-critical");
        assertThat(deployment.at("/spec/template/metadata/annotations/team").asText()).isEqualTo("platform");
    }

    @Test
    void serviceMonitorIsOptInAndScrapesQuarkusMetrics() throws IOException {
        assertThat(kinds(render(t -> t))).doesNotContain("ServiceMonitor", "PrometheusRule");

        JsonNode monitor = one(render(t -> t
                .set("serviceMonitor.enabled", "true")
                .set("serviceMonitor.interval", "30s")
                .set("serviceMonitor.additionalLabels.release", "kube-prometheus-stack")), "ServiceMonitor");

        assertThat(monitor.at("/apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(monitor.at("/metadata/labels/release").asText()).isEqualTo("kube-prometheus-stack");
        assertThat(monitor.at("/spec/endpoints/0/port").asText()).isEqualTo("http");
        assertThat(monitor.at("/spec/endpoints/0/path").asText()).isEqualTo("/q/metrics");
        assertThat(monitor.at("/spec/endpoints/0/interval").asText()).isEqualTo("30s");
        assertThat(monitor.at("/spec/selector/matchLabels/app.kubernetes.io~1name").asText()).isEqualTo("converge");
    }

    @Test
    void prometheusRuleHasTheFourAlertsOnConvergeMetrics() throws IOException {
        JsonNode rule = one(render(t -> t.set("prometheusRule.enabled", "true")), "PrometheusRule");

        Map<String, JsonNode> alerts = new HashMap<>();
        rule.at("/spec/groups/0/rules").forEach(r -> alerts.put(r.at("/alert").asText(), r));
        assertThat(alerts).containsOnlyKeys("ConvergePassesFailing", "ConvergeNoRecentSuccess",
                "ConvergeDriftPersisting", "ConvergeSpecRejected");

        String failing = alerts.get("ConvergePassesFailing").at("/expr").asText();
        assertThat(failing).contains("increase(converge_reconcile_total{result=\"error\"}[15m])")
                .contains("unless")
                .contains("converge_reconcile_total{result=\"success\"}");
        assertThat(alerts.get("ConvergeNoRecentSuccess").at("/expr").asText())
                .isEqualTo("time() - converge_last_success_timestamp_seconds > 900");
        assertThat(alerts.get("ConvergeDriftPersisting").at("/expr").asText()).isEqualTo("converge_drift_resources > 0");
        assertThat(alerts.get("ConvergeDriftPersisting").at("/for").asText()).isEqualTo("30m");
        assertThat(alerts.get("ConvergeSpecRejected").at("/expr").asText())
                .isEqualTo("increase(converge_spec_load_errors_total[10m]) > 0");
        alerts.values().forEach(a -> {
            assertThat(a.at("/labels/severity").asText()).isEqualTo("warning");
            assertThat(a.at("/annotations/summary").asText()).isNotBlank();
        });
        // Prometheus templating survives Helm templating.
        assertThat(alerts.get("ConvergeDriftPersisting").at("/annotations/summary").asText()).contains("{{ $labels.environment }}");

        JsonNode tuned = one(render(t -> t.set("prometheusRule.enabled", "true")
                .set("prometheusRule.noRecentSuccessThresholdSeconds", "1800")), "PrometheusRule");
        assertThat(tuned.at("/spec/groups/0/rules/1/expr").asText())
                .isEqualTo("time() - converge_last_success_timestamp_seconds > 1800");
    }

    @Test
    void irsaAnnotationLandsOnTheServiceAccount() throws IOException {
        Path values = values("""
                serviceAccount:
                  annotations:
                    eks.amazonaws.com/role-arn: arn:aws:iam::111111111111:role/converge
                """);

        List<JsonNode> docs = render(t -> t.withValuesFile(values));

        JsonNode account = one(docs, "ServiceAccount");
        assertThat(account.at("/metadata/annotations").get("eks.amazonaws.com/role-arn").asText())
                .isEqualTo("arn:aws:iam::111111111111:role/converge");
        assertThat(one(docs, "Deployment").at("/spec/template/spec/serviceAccountName").asText())
                .isEqualTo(account.at("/metadata/name").asText());
    }

    @Test
    void severalReplicasAreRefused_becauseEveryReplicaWouldMutateAws() throws IOException {
        assertThatThrownBy(() -> render(t -> t.set("replicaCount", "2")))
                .hasMessageContaining("no leader election");
        assertThat(kinds(render(t -> t))).doesNotContain("Role", "RoleBinding", "PodDisruptionBudget");
    }

    @Test
    void valuesViolatingTheSchemaAreRejected() throws IOException {
        Path badFormat = values("logFormat: xml\n");
        assertThatThrownBy(() -> render(t -> t.withValuesFile(badFormat)))
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining("/logFormat")
                .hasMessageContaining("must be one of 'text', 'json'");

        Path unknownKey = values("replicas: 2\n");
        assertThatThrownBy(() -> render(t -> t.withValuesFile(unknownKey)))
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining("replicas");

        Path badSpecName = values("specs:\n  prod.json: \"{}\"\n");
        assertThatThrownBy(() -> render(t -> t.withValuesFile(badSpecName)))
                .hasMessageContaining("prod.json");
    }

    @Test
    void specFilesFromValuesLandInTheMountedConfigMap() throws IOException {
        Path values = values("""
                specs:
                  prod.yaml: |
                    apiVersion: converge.dev/v1alpha1
                    kind: Environment
                    metadata:
                      name: prod
                  nonprod.yaml: |
                    apiVersion: converge.dev/v1alpha1
                    kind: Environment
                    metadata:
                      name: nonprod
                """);

        List<JsonNode> docs = render(t -> t.withValuesFile(values));

        JsonNode data = one(docs, "ConfigMap").at("/data");
        assertThat(fieldNames(data)).containsExactlyInAnyOrder("prod.yaml", "nonprod.yaml");
        assertThat(data.get("prod.yaml").asText()).isEqualTo("""
                apiVersion: converge.dev/v1alpha1
                kind: Environment
                metadata:
                  name: prod
                """);
        String checksum = one(docs, "Deployment").at("/spec/template/metadata/annotations/checksum~1specs").asText();
        assertThat(checksum).hasSize(64);
    }

    @Test
    void apiTokenSecretIsMountedAndNamedOnlyWhenSet() throws IOException {
        JsonNode byDefault = one(render(t -> t), "Deployment").at("/spec/template/spec");
        assertThat(env(byDefault.at("/containers/0"))).doesNotContainKey("CONVERGE_API_TOKEN_FILE");
        assertThat(byDefault.at("/volumes").findValuesAsText("name")).doesNotContain("api-token");

        JsonNode pod = one(render(t -> t.set("api.tokenSecret.name", "converge-api").set("api.tokenSecret.key", "bearer")),
                "Deployment").at("/spec/template/spec");

        assertThat(volume(pod, "api-token").at("/secret/secretName").asText()).isEqualTo("converge-api");
        assertThat(volume(pod, "api-token").at("/secret/items/0/key").asText()).isEqualTo("bearer");
        assertThat(env(pod.at("/containers/0"))).containsEntry("CONVERGE_API_TOKEN_FILE", "/etc/converge/api/token");
        assertThat(pod.at("/containers/0/volumeMounts").findValuesAsText("mountPath")).contains("/etc/converge/api");
    }

    @Test
    void existingConfigMapReplacesTheRenderedOne() throws IOException {
        List<JsonNode> docs = render(t -> t.set("specs.existingConfigMap", "my-specs"));

        assertThat(kinds(docs)).doesNotContain("ConfigMap");
        assertThat(volume(one(docs, "Deployment").at("/spec/template/spec"), "specs").at("/configMap/name").asText())
                .isEqualTo("my-specs");
    }

    @Test
    void repositorySpecFileLandsInTheConfigMapViaSetFile() throws IOException {
        Path prod = Paths.get("specs/prod.yaml");
        String expected = Files.readString(prod, StandardCharsets.UTF_8);

        List<JsonNode> docs = render(t -> t.setFile("specs.prod\\.yaml", prod));

        JsonNode data = one(docs, "ConfigMap").at("/data");
        assertThat(fieldNames(data)).containsExactly("prod.yaml");
        assertThat(data.get("prod.yaml").asText()).isEqualTo(expected);
        // The content is itself the Environment spec Converge will read.
        List<JsonNode> specDocs = readAll(data.get("prod.yaml").asText());
        assertThat(specDocs).anySatisfy(d -> {
            assertThat(d.at("/kind").asText()).isEqualTo("Environment");
            assertThat(d.at("/metadata/name").asText()).isEqualTo("prod");
        });
    }

    @Test
    void notesTellWhereMetricsAndReadinessAre() {
        String output = new Helm(CHART).install()
                .withName("converge")
                .withNamespace("converge-system")
                .withKubeVersion(KUBE_VERSION)
                .dryRun()
                .clientOnly()
                .call()
                .getOutput();

        String notes = output.substring(output.indexOf("NOTES:"));
        assertThat(notes).contains("/q/health/ready")
                .contains("/q/metrics")
                .contains("port-forward svc/converge 8080:8080")
                .contains("rollout status deployment/converge")
                .contains("serviceMonitor.enabled=true")
                .contains("no spec files were given");
    }

    @Test
    void everyValueIsDocumentedAndKnownToTheSchema() throws IOException {
        List<String> lines = Files.readAllLines(CHART.resolve("values.yaml"), StandardCharsets.UTF_8);
        JsonNode values = YAML.readTree(CHART.resolve("values.yaml").toFile());
        JsonNode schema = YAML.readTree(CHART.resolve("values.schema.json").toFile());

        assertThat(undocumentedKeys(lines)).as("keys without a '# --' comment on them or a parent").isEmpty();
        List<String> unknown = new ArrayList<>();
        collectUnknownKeys(values, schema, schema, "", unknown);
        assertThat(unknown).as("values.yaml keys the schema does not declare").isEmpty();
    }

    // --- helpers ---

    /** Keys of values.yaml (by indentation) that neither carry a "# --" comment nor sit under a key that does. */
    private static List<String> undocumentedKeys(List<String> lines) {
        java.util.regex.Pattern key = java.util.regex.Pattern.compile("^( *)([A-Za-z][A-Za-z0-9]*):.*$");
        List<String> undocumented = new ArrayList<>();
        java.util.Deque<int[]> documentedParents = new java.util.ArrayDeque<>(); // {indent, documented 0/1}
        boolean commentAbove = false;
        for (String line : lines) {
            String trimmed = line.trim();
            if (trimmed.startsWith("# --")) {
                commentAbove = true;
                continue;
            }
            if (trimmed.startsWith("#") || trimmed.isEmpty()) {
                continue;
            }
            java.util.regex.Matcher m = key.matcher(line);
            if (!m.matches()) {
                commentAbove = false;
                continue;
            }
            int indent = m.group(1).length();
            while (!documentedParents.isEmpty() && documentedParents.peek()[0] >= indent) {
                documentedParents.pop();
            }
            boolean parentDocumented = documentedParents.stream().anyMatch(p -> p[1] == 1);
            boolean leaf = !line.trim().endsWith(":");
            if (!commentAbove && !parentDocumented && leaf) {
                undocumented.add(m.group(2));
            }
            documentedParents.push(new int[] {indent, commentAbove || parentDocumented ? 1 : 0});
            commentAbove = false;
        }
        return undocumented;
    }

    private static void collectUnknownKeys(JsonNode values, JsonNode schema, JsonNode root, String path, List<String> unknown) {
        JsonNode resolved = schema.has("$ref") ? root.at(schema.get("$ref").asText().substring(1)) : schema;
        JsonNode properties = resolved.get("properties");
        if (!values.isObject() || properties == null) {
            return;
        }
        values.fields().forEachRemaining(e -> {
            JsonNode child = properties.get(e.getKey());
            if (child == null) {
                boolean patternMatch = resolved.has("patternProperties")
                        && StreamSupport.stream(((Iterable<String>) resolved.get("patternProperties")::fieldNames).spliterator(), false)
                                .anyMatch(e.getKey()::matches);
                if (!patternMatch) {
                    unknown.add(path + e.getKey());
                }
            } else {
                collectUnknownKeys(e.getValue(), child, root, path + e.getKey() + ".", unknown);
            }
        });
    }



    private List<JsonNode> render(UnaryOperator<TemplateCommand> options) throws IOException {
        TemplateCommand command = new Helm(CHART).template()
                .withName("converge")
                .withNamespace("converge-system")
                .withKubeVersion(KUBE_VERSION);
        return readAll(options.apply(command).call());
    }

    private static List<JsonNode> readAll(String yaml) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode() && !doc.isEmpty()) {
                    docs.add(doc);
                }
            }
        }
        return docs;
    }

    private Path values(String yaml) throws IOException {
        Path file = Files.createTempFile(tmp, "values", ".yaml");
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        return file;
    }

    private static List<String> kinds(List<JsonNode> docs) {
        return docs.stream().map(d -> d.at("/kind").asText()).toList();
    }

    private static JsonNode one(List<JsonNode> docs, String kind) {
        List<JsonNode> matching = docs.stream().filter(d -> kind.equals(d.at("/kind").asText())).toList();
        assertThat(matching).as("documents of kind %s", kind).hasSize(1);
        return matching.get(0);
    }

    private static Map<String, String> env(JsonNode container) {
        Map<String, String> env = new HashMap<>();
        container.at("/env").forEach(e -> env.put(e.at("/name").asText(), e.at("/value").asText()));
        return env;
    }

    private static JsonNode volume(JsonNode podSpec, String name) {
        for (JsonNode v : podSpec.at("/volumes")) {
            if (name.equals(v.at("/name").asText())) {
                return v;
            }
        }
        throw new AssertionError("no volume " + name + " in " + podSpec.at("/volumes"));
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
