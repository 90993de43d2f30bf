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
import java.util.Set;
import java.util.TreeSet;
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

        assertThat(kinds(docs)).containsExactlyInAnyOrder("ServiceAccount", "ConfigMap", "Service", "Deployment", "NetworkPolicy",
                "Role", "RoleBinding");

        JsonNode deployment = one(docs, "Deployment");
        assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(1);
        assertThat(deployment.at("/spec/strategy/type").asText()).isEqualTo("RollingUpdate");
        JsonNode pod = deployment.at("/spec/template/spec");
        JsonNode container = pod.at("/containers/0");
        assertThat(container.at("/image").asText()).isEqualTo("converge/converge:0.1.0");
        assertThat(container.has("args")).isFalse();
        assertThat(container.at("/ports/0/name").asText()).isEqualTo("http");
        assertThat(container.at("/ports/0/containerPort").asInt()).isEqualTo(8080);
        assertThat(container.at("/ports/1/name").asText()).isEqualTo("management");
        assertThat(container.at("/ports/1/containerPort").asInt()).isEqualTo(9000);

        assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/q/health/live");
        assertThat(container.at("/livenessProbe/httpGet/port").asText()).isEqualTo("management");
        assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/q/health/ready");
        assertThat(container.at("/readinessProbe/httpGet/port").asText()).isEqualTo("management");

        assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod.at("/securityContext/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");
        assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(container.at("/securityContext/allowPrivilegeEscalation").isBoolean()).isTrue();
        assertThat(container.at("/securityContext/allowPrivilegeEscalation").asBoolean()).isFalse();
        assertThat(container.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
        assertThat(texts(container.at("/securityContext/capabilities/drop"))).containsExactly("ALL");
        assertThat(pod.at("/automountServiceAccountToken").asBoolean(false)).as("the leases need the Kubernetes API").isTrue();

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
        assertThat(service.at("/spec/ports/1/name").asText()).isEqualTo("management");
        assertThat(service.at("/spec/ports/1/port").asInt()).isEqualTo(9000);
        assertThat(service.at("/spec/ports/1/targetPort").asText()).isEqualTo("management");
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
        assertThat(monitor.at("/spec/endpoints/0/port").asText()).as("health and metrics are on the management port").isEqualTo("management");
        assertThat(monitor.at("/spec/endpoints/0/path").asText()).isEqualTo("/q/metrics");
        assertThat(monitor.at("/spec/endpoints/0/interval").asText()).isEqualTo("30s");
        assertThat(monitor.at("/spec/selector/matchLabels/app.kubernetes.io~1name").asText()).isEqualTo("converge");
    }

    @Test
    void prometheusRuleHasTheAlertsOnConvergeMetrics() throws IOException {
        JsonNode rule = one(render(t -> t.set("prometheusRule.enabled", "true")), "PrometheusRule");

        Map<String, JsonNode> alerts = new HashMap<>();
        rule.at("/spec/groups/0/rules").forEach(r -> alerts.put(r.at("/alert").asText(), r));
        assertThat(alerts).containsOnlyKeys("ConvergePassesFailing", "ConvergeNoRecentSuccess", "ConvergeNeverSucceeded",
                "ConvergeDriftPersisting", "ConvergeSpecRejected", "ConvergeCircuitBreakerOpen", "ConvergeThrottled",
                "ConvergeResourceFlapping", "ConvergeDeletesRefused", "ConvergeEnvironmentOwnership", "ConvergeLeaseLost");

        String failing = alerts.get("ConvergePassesFailing").at("/expr").asText();
        assertThat(failing).contains("increase(converge_reconcile_total{result=\"error\"}[15m])")
                .contains("unless")
                .contains("converge_reconcile_total{result=\"success\"}");
        assertThat(alerts.get("ConvergeNoRecentSuccess").at("/expr").asText())
                .isEqualTo("time() - max by (namespace, environment) (converge_last_success_timestamp_seconds) > 900");
        assertThat(alerts.get("ConvergeDriftPersisting").at("/expr").asText().strip()).isEqualTo(
                "max by (namespace, environment, kind) (converge_drift_resources"
                        + " unless on (namespace, pod, environment) (converge_environment_owned == 0)) > 0");
        assertThat(alerts.get("ConvergeDriftPersisting").at("/for").asText()).isEqualTo("30m");
        assertThat(alerts.get("ConvergeSpecRejected").at("/expr").asText())
                .isEqualTo("increase(converge_spec_load_errors_total[10m]) > 0");
        assertThat(alerts.get("ConvergeEnvironmentOwnership").at("/expr").asText())
                .isEqualTo("sum by (namespace, environment) (converge_environment_owned) != 1");
        assertThat(alerts.get("ConvergeEnvironmentOwnership").at("/for").asText()).isEqualTo("5m");
        assertThat(alerts.get("ConvergeLeaseLost").at("/expr").asText()).contains("converge_lease_transitions_total{transition=\"lost\"}");
        alerts.values().forEach(a -> {
            assertThat(a.at("/labels/severity").asText()).isEqualTo("warning");
            assertThat(a.at("/annotations/summary").asText()).isNotBlank();
        });
        // Prometheus templating survives Helm templating.
        assertThat(alerts.get("ConvergeDriftPersisting").at("/annotations/summary").asText()).contains("{{ $labels.environment }}");

        JsonNode tuned = one(render(t -> t.set("prometheusRule.enabled", "true")
                .set("prometheusRule.noRecentSuccessThresholdSeconds", "1800")), "PrometheusRule");
        assertThat(tuned.at("/spec/groups/0/rules/1/expr").asText())
                .isEqualTo("time() - max by (namespace, environment) (converge_last_success_timestamp_seconds) > 1800");
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
    void severalReplicas_shareTheEnvironmentsThroughLeases_withRbacInTheReleaseNamespaceOnly_andADisruptionBudget() throws IOException {
        List<JsonNode> docs = render(t -> t.set("replicaCount", "3")
                .set("lease.duration", "45s")
                .set("lease.renewPeriod", "15s")
                .set("lease.margin", "10s"));

        JsonNode deployment = one(docs, "Deployment");
        assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(3);
        assertThat(deployment.at("/spec/strategy/type").asText()).isEqualTo("RollingUpdate");
        assertThat(deployment.at("/spec/strategy/rollingUpdate/maxSurge").asInt()).isEqualTo(1);
        assertThat(deployment.at("/spec/strategy/rollingUpdate/maxUnavailable").asInt()).isZero();
        JsonNode pod = deployment.at("/spec/template/spec");
        assertThat(pod.at("/automountServiceAccountToken").asBoolean(false)).isTrue();
        assertThat(pod.at("/terminationGracePeriodSeconds").asInt()).isGreaterThan(10);
        JsonNode container = pod.at("/containers/0");
        assertThat(env(container)).containsEntry("CONVERGE_LEASE_ENABLED", "true")
                .containsEntry("CONVERGE_LEASE_DURATION", "45s")
                .containsEntry("CONVERGE_LEASE_RENEW_PERIOD", "15s")
                .containsEntry("CONVERGE_LEASE_MARGIN", "10s");
        Map<String, String> fieldRefs = new HashMap<>();
        container.at("/env").forEach(e -> {
            if (e.has("valueFrom")) {
                fieldRefs.put(e.at("/name").asText(), e.at("/valueFrom/fieldRef/fieldPath").asText());
            }
        });
        assertThat(fieldRefs).containsEntry("POD_NAME", "metadata.name").containsEntry("POD_NAMESPACE", "metadata.namespace");

        JsonNode role = one(docs, "Role");
        assertThat(role.at("/metadata/namespace").asText()).isEqualTo("converge-system");
        assertThat(role.at("/rules")).as("the leases, then the approvals ConfigMap").hasSize(3);
        assertThat(texts(role.at("/rules/0/apiGroups"))).containsExactly("coordination.k8s.io");
        assertThat(texts(role.at("/rules/0/resources"))).containsExactly("leases");
        assertThat(texts(role.at("/rules/0/verbs"))).containsExactlyInAnyOrder("get", "list", "create", "update", "delete");
        assertThat(kinds(docs)).doesNotContain("ClusterRole", "ClusterRoleBinding");
        JsonNode binding = one(docs, "RoleBinding");
        assertThat(binding.at("/roleRef/name").asText()).isEqualTo(role.at("/metadata/name").asText());
        assertThat(binding.at("/subjects/0/name").asText()).isEqualTo(pod.at("/serviceAccountName").asText());
        assertThat(binding.at("/subjects/0/namespace").asText()).isEqualTo("converge-system");

        JsonNode budget = one(docs, "PodDisruptionBudget");
        assertThat(budget.at("/spec/maxUnavailable").asInt()).isEqualTo(1);
        assertThat(budget.at("/spec/selector/matchLabels")).isEqualTo(deployment.at("/spec/selector/matchLabels"));
        assertThat(kinds(render(t -> t))).as("one replica has nothing to keep available").doesNotContain("PodDisruptionBudget");
    }

    @Test
    void withoutLeases_onePodAtATime_noKubernetesApiAccess_andSeveralReplicasAreRefused() throws IOException {
        List<JsonNode> docs = render(t -> t.set("lease.enabled", "false").set("approvals.store", "file"));

        JsonNode deployment = one(docs, "Deployment");
        assertThat(deployment.at("/spec/strategy/type").asText()).isEqualTo("Recreate");
        assertThat(deployment.at("/spec/template/spec/automountServiceAccountToken").asBoolean(true)).isFalse();
        Map<String, String> env = env(deployment.at("/spec/template/spec/containers/0"));
        assertThat(env).containsEntry("CONVERGE_LEASE_ENABLED", "false").doesNotContainKeys("CONVERGE_LEASE_DURATION", "POD_NAME");
        assertThat(kinds(docs)).doesNotContain("Role", "RoleBinding", "PodDisruptionBudget");
        assertThat(kinds(render(t -> t.set("rbac.create", "false")))).as("RBAC managed elsewhere").doesNotContain("Role", "RoleBinding");
        assertThat(env).containsEntry("CONVERGE_APPROVALS_STORE", "file").doesNotContainKey("POD_NAMESPACE");

        assertThatThrownBy(() -> render(t -> t.set("lease.enabled", "false").set("replicaCount", "2")))
                .hasMessageContaining("needs lease.enabled");
        assertThatThrownBy(() -> render(t -> t.set("terminationGracePeriodSeconds", "5")))
                .hasMessageContaining("longer than lease.margin");
        assertThatThrownBy(() -> render(t -> t.set("lease.duration", "PT30S"))).hasMessageContaining("lease");
    }

    @Test
    void approvalsInAConfigMap_getRbacOnThatConfigMapAlone_theNamespaceAndTheirExpiry() throws IOException {
        List<JsonNode> docs = render(t -> t.set("lease.enabled", "false").set("approvals.expireAfter", "8h"));

        JsonNode deployment = one(docs, "Deployment");
        assertThat(deployment.at("/spec/template/spec/automountServiceAccountToken").asBoolean(false)).isTrue();
        assertThat(env(deployment.at("/spec/template/spec/containers/0")))
                .containsEntry("CONVERGE_APPROVALS_STORE", "kubernetes")
                .containsEntry("CONVERGE_APPROVALS_EXPIRE_AFTER", "8h")
                .containsKey("POD_NAMESPACE");
        JsonNode rules = one(docs, "Role").at("/rules");
        assertThat(rules).hasSize(2);
        assertThat(rules.get(0).at("/resources/0").asText()).isEqualTo("configmaps");
        assertThat(rules.get(0).at("/verbs").toString()).isEqualTo("[\"create\"]");
        assertThat(rules.get(1).at("/resourceNames").toString()).isEqualTo("[\"converge-approvals\"]");
        assertThat(rules.get(1).at("/verbs").toString()).isEqualTo("[\"get\",\"update\"]");
        assertThatThrownBy(() -> render(t -> t.set("approvals.store", "etcd"))).hasMessageContaining("approvals");
    }

    @Test
    void networkPolicyAdmitsManagementAndApiOnlyFromTheirSources_andEgressStaysOpenUnlessGiven() throws IOException {
        JsonNode policy = one(render(t -> t), "NetworkPolicy");

        assertThat(policy.at("/spec/podSelector/matchLabels/app.kubernetes.io~1name").asText()).isEqualTo("converge");
        assertThat(texts(policy.at("/spec/policyTypes"))).containsExactly("Ingress");
        assertThat(policy.at("/spec/ingress")).hasSize(2);
        assertThat(policy.at("/spec/ingress/0/ports/0/port").asText()).isEqualTo("http");
        assertThat(policy.at("/spec/ingress/0/from/0/podSelector").isEmpty()).as("the release namespace's pods").isTrue();
        assertThat(policy.at("/spec/ingress/0/from/0").has("namespaceSelector")).isFalse();
        assertThat(policy.at("/spec/ingress/1/ports/0/port").asText()).isEqualTo("management");
        assertThat(policy.at("/spec/ingress/1/from/0/namespaceSelector/matchLabels/kubernetes.io~1metadata.name").asText())
                .isEqualTo("monitoring");

        Path values = values("""
                networkPolicy:
                  managementFrom:
                    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: observability}}
                      podSelector: {matchLabels: {app.kubernetes.io/name: prometheus}}
                  httpFrom: []
                  egress:
                    - to: [{ipBlock: {cidr: 0.0.0.0/0}}]
                      ports: [{port: 443, protocol: TCP}]
                """);
        JsonNode tuned = one(render(t -> t.withValuesFile(values)), "NetworkPolicy");
        assertThat(tuned.at("/spec/ingress")).as("no peers for the API: no rule, so nothing reaches port 8080").hasSize(1);
        assertThat(tuned.at("/spec/ingress/0/ports/0/port").asText()).isEqualTo("management");
        assertThat(tuned.at("/spec/ingress/0/from/0/podSelector/matchLabels/app.kubernetes.io~1name").asText()).isEqualTo("prometheus");
        assertThat(texts(tuned.at("/spec/policyTypes"))).containsExactly("Ingress", "Egress");
        assertThat(tuned.at("/spec/egress/0/ports/0/port").asInt()).isEqualTo(443);

        assertThat(kinds(render(t -> t.set("networkPolicy.enabled", "false")))).doesNotContain("NetworkPolicy");
    }

    @Test
    void ingressIsOptIn_andExposesTheWebhookPathAlone() throws IOException {
        assertThat(kinds(render(t -> t))).doesNotContain("Ingress");

        Path values = values("""
                ingress:
                  enabled: true
                  className: nginx
                  host: converge.example.com
                  annotations: {cert-manager.io/cluster-issuer: letsencrypt}
                  tls: [{hosts: [converge.example.com], secretName: converge-tls}]
                """);
        List<JsonNode> docs = render(t -> t.withValuesFile(values));
        JsonNode ingress = one(docs, "Ingress");

        assertThat(ingress.at("/spec/ingressClassName").asText()).isEqualTo("nginx");
        assertThat(ingress.at("/metadata/annotations/cert-manager.io~1cluster-issuer").asText()).isEqualTo("letsencrypt");
        assertThat(ingress.at("/spec/tls/0/secretName").asText()).isEqualTo("converge-tls");
        assertThat(ingress.at("/spec/rules")).hasSize(1);
        assertThat(ingress.at("/spec/rules/0/host").asText()).isEqualTo("converge.example.com");
        JsonNode paths = ingress.at("/spec/rules/0/http/paths");
        assertThat(paths).hasSize(1);
        assertThat(paths.at("/0/path").asText()).isEqualTo("/api/webhook/git");
        assertThat(paths.at("/0/pathType").asText()).isEqualTo("Exact");
        assertThat(paths.at("/0/backend/service/name").asText()).isEqualTo(one(docs, "Service").at("/metadata/name").asText());
        assertThat(paths.at("/0/backend/service/port/name").asText()).as("the API's port, never the management port").isEqualTo("http");

        JsonNode anyHost = one(render(t -> t.set("ingress.enabled", "true")), "Ingress");
        assertThat(anyHost.at("/spec/rules/0").has("host")).isFalse();
        assertThat(anyHost.at("/spec").has("tls")).isFalse();
    }

    @Test
    void apiValuesBecomeTheirVariables() throws IOException {
        Map<String, String> defaults = env(one(render(t -> t), "Deployment").at("/spec/template/spec/containers/0"));
        assertThat(defaults).containsEntry("CONVERGE_API_TOKEN_FOR_READS", "false").containsEntry("CONVERGE_API_PLAN_CACHE", "10s");

        Map<String, String> tuned = env(one(render(t -> t.set("api.tokenForReads", "true").set("api.planCache", "30s")), "Deployment")
                .at("/spec/template/spec/containers/0"));
        assertThat(tuned).containsEntry("CONVERGE_API_TOKEN_FOR_READS", "true").containsEntry("CONVERGE_API_PLAN_CACHE", "30s");
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
    void secureStringSourcesFromSecrets_areMountedAsFilesAndSetAsVariables_andNothingByDefault() throws IOException {
        JsonNode byDefault = one(render(t -> t), "Deployment").at("/spec/template/spec");
        assertThat(byDefault.at("/volumes").findValuesAsText("name")).noneMatch(n -> n.startsWith("secure-strings"));
        assertThat(byDefault.at("/containers/0/env").findValues("secretKeyRef")).isEmpty();

        JsonNode pod = one(render(t -> t
                .set("secureStrings.files[0].secret", "converge-prod-db")
                .set("secureStrings.files[0].keys[0]", "password")
                .set("secureStrings.files[1].secret", "converge-tls")
                .set("secureStrings.files[1].mountPath", "/etc/converge/tls")
                .set("secureStrings.env[0].name", "PROD_DB_PASSWORD")
                .set("secureStrings.env[0].secret", "converge-prod-db")
                .set("secureStrings.env[0].key", "password")), "Deployment").at("/spec/template/spec");

        JsonNode db = volume(pod, "secure-strings-0");
        assertThat(db.at("/secret/secretName").asText()).isEqualTo("converge-prod-db");
        assertThat(db.at("/secret/items/0/key").asText()).isEqualTo("password");
        assertThat(db.at("/secret/items/0/path").asText()).isEqualTo("password");
        assertThat(volume(pod, "secure-strings-1").at("/secret/secretName").asText()).isEqualTo("converge-tls");
        assertThat(volume(pod, "secure-strings-1").at("/secret").has("items")).as("every key of the Secret").isFalse();
        Map<String, String> mounts = new HashMap<>();
        pod.at("/containers/0/volumeMounts").forEach(m -> {
            mounts.put(m.at("/name").asText(), m.at("/mountPath").asText());
            if (m.at("/name").asText().startsWith("secure-strings")) {
                assertThat(m.at("/readOnly").asBoolean()).isTrue();
            }
        });
        assertThat(mounts).containsEntry("secure-strings-0", "/etc/converge/secure-strings/converge-prod-db")
                .containsEntry("secure-strings-1", "/etc/converge/tls");
        JsonNode variable = StreamSupport.stream(pod.at("/containers/0/env").spliterator(), false)
                .filter(e -> e.at("/name").asText().equals("PROD_DB_PASSWORD")).findFirst().orElseThrow();
        assertThat(variable.at("/valueFrom/secretKeyRef/name").asText()).isEqualTo("converge-prod-db");
        assertThat(variable.at("/valueFrom/secretKeyRef/key").asText()).isEqualTo("password");
        assertThat(variable.has("value")).as("the value never in the manifest").isFalse();
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
        assertThat(notes).contains("localhost:9000/q/health/ready")
                .contains("localhost:9000/q/metrics")
                .contains("port-forward svc/converge 8080:8080 9000:9000")
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

    @Test
    void gitSourceBecomesItsVariablesAndMountedSecretFiles_insteadOfTheSpecsConfigMap() throws IOException {
        Path values = values("""
                git:
                  url: https://git.example.com/platform/specs.git
                  branch: release
                  path: envs
                  pollInterval: 2m
                  username: x-access-token
                  tokenSecret: {name: converge-git, key: pat}
                  webhookSecret: {name: converge-webhook}
                """);

        List<JsonNode> docs = render(t -> t.withValuesFile(values));

        assertThat(kinds(docs)).as("no specs ConfigMap: Converge reads the branch").doesNotContain("ConfigMap");
        JsonNode pod = one(docs, "Deployment").at("/spec/template/spec");
        Map<String, String> env = env(pod.at("/containers/0"));
        assertThat(env).containsEntry("CONVERGE_GIT_URL", "https://git.example.com/platform/specs.git")
                .containsEntry("CONVERGE_GIT_BRANCH", "release")
                .containsEntry("CONVERGE_GIT_PATH", "envs")
                .containsEntry("CONVERGE_GIT_POLL_INTERVAL", "2m")
                .containsEntry("CONVERGE_GIT_USERNAME", "x-access-token")
                .containsEntry("CONVERGE_GIT_TOKEN_FILE", "/etc/converge/git-token/token")
                .containsEntry("CONVERGE_GIT_WEBHOOK_SECRET_FILE", "/etc/converge/git-webhook-secret/webhook-secret")
                .doesNotContainKeys("CONVERGE_SPECS_PATH", "CONVERGE_GIT_SSH_KEY_FILE", "CONVERGE_GIT_KNOWN_HOSTS_FILE");
        assertThat(volume(pod, "git-token").at("/secret/secretName").asText()).isEqualTo("converge-git");
        assertThat(volume(pod, "git-token").at("/secret/items/0/key").asText()).isEqualTo("pat");
        assertThat(volume(pod, "git-token").at("/secret/items/0/path").asText()).isEqualTo("token");
        assertThat(volume(pod, "git-webhook-secret").at("/secret/items/0/key").asText()).isEqualTo("webhook-secret");
        assertThat(mounts(pod)).containsEntry("git-token", "/etc/converge/git-token")
                .containsEntry("git-webhook-secret", "/etc/converge/git-webhook-secret")
                .doesNotContainKey("specs");
        assertThat(pod.at("/volumes").findValuesAsText("name")).doesNotContain("specs", "git-ssh-key");
    }

    @Test
    void sshGitSourceMountsKeyAndKnownHosts_andRefusesAKeyWithoutKnownHosts() throws IOException {
        JsonNode pod = one(render(t -> t.set("git.url", "git@git.example.com:platform/specs.git")
                .set("git.sshKeySecret.name", "converge-ssh")
                .set("git.knownHostsSecret.name", "converge-ssh")), "Deployment").at("/spec/template/spec");

        assertThat(env(pod.at("/containers/0")))
                .containsEntry("CONVERGE_GIT_SSH_KEY_FILE", "/etc/converge/git-ssh-key/ssh-key")
                .containsEntry("CONVERGE_GIT_KNOWN_HOSTS_FILE", "/etc/converge/git-known-hosts/known_hosts")
                .doesNotContainKeys("CONVERGE_GIT_TOKEN_FILE", "CONVERGE_GIT_USERNAME");
        assertThat(volume(pod, "git-ssh-key").at("/secret/items/0/key").asText()).isEqualTo("ssh-privatekey");
        assertThat(volume(pod, "git-known-hosts").at("/secret/items/0/key").asText()).isEqualTo("known_hosts");

        assertThatThrownBy(() -> render(t -> t.set("git.url", "ssh://git.example.com/specs.git")
                .set("git.sshKeySecret.name", "converge-ssh"))).hasMessageContaining("needs git.knownHostsSecret");
        assertThatThrownBy(() -> render(t -> t.set("git.tokenSecret.name", "converge-git")))
                .hasMessageContaining("git.url is empty");
        assertThatThrownBy(() -> render(t -> t.set("git.url", "https://git.example.com/specs.git")
                .set("specs.existingConfigMap", "my-specs"))).hasMessageContaining("never reads the specs ConfigMap");
    }

    @Test
    void guardsAndResilienceSettingsBecomeTheirVariables() throws IOException {
        Map<String, String> defaults = env(one(render(t -> t), "Deployment").at("/spec/template/spec/containers/0"));
        assertThat(defaults).containsEntry("CONVERGE_GUARDS_MAX_DELETE_FRACTION", "0.25")
                .containsEntry("CONVERGE_GUARDS_LOOP_THRESHOLD", "3")
                .containsEntry("CONVERGE_GUARDS_MAX_BACKOFF_PASSES", "16")
                .containsEntry("CONVERGE_AWS_RETRY_MAX_ATTEMPTS", "5")
                .containsEntry("CONVERGE_AWS_RETRY_INITIAL_BACKOFF", "200ms")
                .containsEntry("CONVERGE_AWS_RETRY_MAX_BACKOFF", "10s")
                .containsEntry("CONVERGE_AWS_CIRCUIT_BREAKER_FAILURE_RATE_THRESHOLD", "50")
                .containsEntry("CONVERGE_AWS_CIRCUIT_BREAKER_WAIT_IN_OPEN", "30s")
                .containsEntry("CONVERGE_AWS_CIRCUIT_BREAKER_MINIMUM_CALLS", "10")
                .containsEntry("CONVERGE_AWS_RATE_LIMIT_PER_SECOND", "20")
                .doesNotContainKey("CONVERGE_GUARDS_ALLOWED_ENVIRONMENTS")
                .doesNotContainKey("CONVERGE_AWS_ALLOWED_ACCOUNTS")
                .doesNotContainKey("CONVERGE_GIT_URL");

        Path values = values("""
                guards: {maxDeleteFraction: 0.1, allowedEnvironments: [prod, staging], loopThreshold: 5, maxBackoffPasses: 32}
                aws:
                  retry: {maxAttempts: 8, initialBackoff: 1s, maxBackoff: 30s}
                  circuitBreaker: {failureRateThreshold: 25, waitInOpen: 1m, minimumCalls: 20}
                  rateLimit: {perSecond: 5}
                """);
        Map<String, String> tuned = env(one(render(t -> t.withValuesFile(values)), "Deployment")
                .at("/spec/template/spec/containers/0"));
        assertThat(tuned).containsEntry("CONVERGE_GUARDS_MAX_DELETE_FRACTION", "0.1")
                .containsEntry("CONVERGE_GUARDS_ALLOWED_ENVIRONMENTS", "prod,staging")
                .containsEntry("CONVERGE_GUARDS_LOOP_THRESHOLD", "5")
                .containsEntry("CONVERGE_GUARDS_MAX_BACKOFF_PASSES", "32")
                .containsEntry("CONVERGE_AWS_RETRY_MAX_ATTEMPTS", "8")
                .containsEntry("CONVERGE_AWS_RETRY_INITIAL_BACKOFF", "1s")
                .containsEntry("CONVERGE_AWS_RETRY_MAX_BACKOFF", "30s")
                .containsEntry("CONVERGE_AWS_CIRCUIT_BREAKER_FAILURE_RATE_THRESHOLD", "25")
                .containsEntry("CONVERGE_AWS_CIRCUIT_BREAKER_WAIT_IN_OPEN", "1m")
                .containsEntry("CONVERGE_AWS_CIRCUIT_BREAKER_MINIMUM_CALLS", "20")
                .containsEntry("CONVERGE_AWS_RATE_LIMIT_PER_SECOND", "5");

        assertThatThrownBy(() -> render(t -> t.set("guards.maxDeleteFraction", "2")))
                .hasMessageContaining("maxDeleteFraction");
    }

    @Test
    void everyConvergeVariableTheChartRendersIsAConfigurationKeyTheApplicationReads() throws IOException {
        Path values = values("""
                git:
                  url: ssh://git.example.com/specs.git
                  tokenSecret: {name: a}
                  sshKeySecret: {name: b}
                  knownHostsSecret: {name: c}
                  webhookSecret: {name: d}
                guards: {allowedEnvironments: [prod]}
                aws: {endpoint: "http://moto.test:5000", allowedAccounts: ["111111111111"]}
                api: {tokenSecret: {name: e}}
                """);
        Map<String, String> env = env(one(render(t -> t.withValuesFile(values)), "Deployment").at("/spec/template/spec/containers/0"));
        String readme = Files.readString(Paths.get("README.md"), StandardCharsets.UTF_8);
        List<String> unknown = env.keySet().stream()
                .filter(name -> name.startsWith("CONVERGE_"))
                .filter(name -> !readme.contains("`" + configKey(name, readme) + "`"))
                .toList();
        assertThat(unknown).as("variables without a key in README's configuration tables").isEmpty();
    }

    @Test
    void allowedAccountsBecomeTheirVariable_andInstanceMetadataIsOffUnlessTurnedOn() throws IOException {
        Map<String, String> defaults = env(one(render(t -> t), "Deployment").at("/spec/template/spec/containers/0"));
        assertThat(defaults).as("a missing IRSA or Pod Identity setup must not fall back to the node's role")
                .containsEntry("AWS_EC2_METADATA_DISABLED", "true")
                .doesNotContainKey("CONVERGE_AWS_ALLOWED_ACCOUNTS");

        Path values = values("""
                aws: {allowedAccounts: ["111111111111", "022222222222"], disableInstanceMetadata: false}
                """);
        Map<String, String> set = env(one(render(t -> t.withValuesFile(values)), "Deployment")
                .at("/spec/template/spec/containers/0"));
        assertThat(set).containsEntry("CONVERGE_AWS_ALLOWED_ACCOUNTS", "111111111111,022222222222")
                .doesNotContainKey("AWS_EC2_METADATA_DISABLED");

        Path notAnAccount = values("aws: {allowedAccounts: [prod]}");
        assertThatThrownBy(() -> render(t -> t.withValuesFile(notAnAccount)))
                .as("an account id is 12 digits, quoted so YAML keeps leading zeros").hasMessageContaining("allowedAccounts");
    }

    @Test
    void imageDigestPinsTheImage() throws IOException {
        String digest = "sha256:" + "0123456789abcdef".repeat(4);
        JsonNode container = one(render(t -> t.set("image.digest", digest).set("image.tag", "1.2.3")), "Deployment")
                .at("/spec/template/spec/containers/0");
        assertThat(container.at("/image").asText()).isEqualTo("converge/converge@" + digest);

        assertThatThrownBy(() -> render(t -> t.set("image.digest", "latest"))).hasMessageContaining("digest");
    }

    @Test
    void startupProbeGuardsTheOtherProbesUntilQuarkusStarted() throws IOException {
        JsonNode container = one(render(t -> t), "Deployment").at("/spec/template/spec/containers/0");
        assertThat(container.at("/startupProbe/httpGet/path").asText()).isEqualTo("/q/health/started");
        assertThat(container.at("/startupProbe/httpGet/port").asText()).isEqualTo("management");
        assertThat(container.at("/startupProbe/failureThreshold").asInt() * container.at("/startupProbe/periodSeconds").asInt())
                .as("seconds a start may take").isGreaterThanOrEqualTo(120);
        assertThat(container.has("startupProbe")).isTrue();
        assertThat(container.at("/livenessProbe").has("initialDelaySeconds")).as("the startup probe covers the start").isFalse();
    }

    @Test
    void dashboardConfigMapIsLabelledForTheSidecarAndChartsConvergeMetrics() throws IOException {
        assertThat(kinds(render(t -> t))).containsOnlyOnce("ConfigMap");

        List<JsonNode> docs = render(t -> t.set("grafanaDashboard.enabled", "true")
                .set("grafanaDashboard.annotations.grafana_folder", "Platform"));
        JsonNode map = docs.stream().filter(d -> d.at("/metadata/name").asText().endsWith("-dashboard")).findFirst().orElseThrow();
        assertThat(map.at("/metadata/labels/grafana_dashboard").asText()).isEqualTo("1");
        assertThat(map.at("/metadata/annotations/grafana_folder").asText()).isEqualTo("Platform");

        JsonNode dashboard = new com.fasterxml.jackson.databind.ObjectMapper().readTree(map.at("/data/converge.json").asText());
        assertThat(dashboard.at("/uid").asText()).isEqualTo("converge");
        List<String> exprs = dashboard.at("/panels").findValuesAsText("expr");
        Set<String> queried = new TreeSet<>();
        exprs.forEach(e -> java.util.regex.Pattern.compile("\\b(converge_[a-z_]+|resilience4j_[a-z_]+)").matcher(e).results()
                .forEach(m -> queried.add(m.group(1))));
        assertThat(queried).as("metrics the dashboard charts").contains("converge_drift_resources",
                "converge_reconcile_total", "converge_reconcile_duration_seconds_sum", "converge_changes_total",
                "converge_aws_api_calls_total", "converge_aws_transient_failures_total", "resilience4j_circuitbreaker_state",
                "converge_resource_flapping", "converge_deletes_refused_total", "converge_environment_owned",
                "converge_lease_transitions_total");
        assertThat(queried).as("every charted metric is one README's metrics table documents")
                .allMatch(name -> METRICS_TABLE.contains("`" + name.replaceFirst("_(sum|count|max)$", "") + "`")
                        || METRICS_TABLE.contains(name));

        List<JsonNode> custom = render(t -> t.set("grafanaDashboard.enabled", "true")
                .set("grafanaDashboard.labels.grafana_dashboard", "null")
                .set("grafanaDashboard.labels.dashboards", "platform"));
        JsonNode relabelled = custom.stream().filter(d -> d.at("/metadata/name").asText().endsWith("-dashboard")).findFirst().orElseThrow();
        assertThat(relabelled.at("/metadata/labels/dashboards").asText()).isEqualTo("platform");
        assertThat(relabelled.at("/metadata/labels").has("grafana_dashboard")).isFalse();
    }

    private static final String METRICS_TABLE = readmeSection("## Metrics");

    private static String readmeSection(String heading) {
        try {
            String readme = Files.readString(Paths.get("README.md"), StandardCharsets.UTF_8);
            int start = readme.indexOf(heading);
            return readme.substring(start, readme.indexOf("\n## ", start + heading.length()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The dotted key README documents for a CONVERGE_ variable (Quarkus maps dots and dashes to underscores). */
    private static String configKey(String variable, String readme) {
        java.util.regex.Matcher keys = java.util.regex.Pattern.compile("`(converge\\.[a-z0-9.-]+)`").matcher(readme);
        while (keys.find()) {
            if (keys.group(1).toUpperCase(java.util.Locale.ROOT).replaceAll("[.-]", "_").equals(variable)) {
                return keys.group(1);
            }
        }
        return variable;
    }

    private static Map<String, String> mounts(JsonNode podSpec) {
        Map<String, String> mounts = new HashMap<>();
        podSpec.at("/containers/0/volumeMounts").forEach(m -> mounts.put(m.at("/name").asText(), m.at("/mountPath").asText()));
        return mounts;
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



    static List<JsonNode> render(UnaryOperator<TemplateCommand> options) throws IOException {
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

    static JsonNode one(List<JsonNode> docs, String kind) {
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
