package dev.converge.lease;

import dev.converge.testing.Moto;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.MockWebServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A mock Kubernetes API server in CRUD mode, found by the application's client as a kubeconfig-less cluster
 * would be, the test JVM's moto, and a spec of two small environments, {@code prod} and {@code nonprod}.
 */
public class KubernetesApiResource implements QuarkusTestResourceLifecycleManager {

    static final String SPEC = """
            apiVersion: converge.dev/v1alpha1
            kind: Environment
            metadata: {name: prod}
            spec: {region: us-east-1}
            ---
            apiVersion: converge.dev/v1alpha1
            kind: Vpc
            metadata: {name: main, environment: prod}
            spec: {cidr: 10.81.0.0/16}
            ---
            apiVersion: converge.dev/v1alpha1
            kind: Environment
            metadata: {name: nonprod}
            spec: {region: us-east-1}
            ---
            apiVersion: converge.dev/v1alpha1
            kind: Vpc
            metadata: {name: main, environment: nonprod}
            spec: {cidr: 10.82.0.0/16}
            """;

    static KubernetesMockServer server;

    @Override
    public Map<String, String> start() {
        server = new KubernetesMockServer(new io.fabric8.mockwebserver.Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
        server.init();
        System.setProperty(Config.KUBERNETES_MASTER_SYSTEM_PROPERTY, server.url("/"));
        System.setProperty(Config.KUBERNETES_AUTH_TRYKUBECONFIG_SYSTEM_PROPERTY, "false");
        System.setProperty(Config.KUBERNETES_AUTH_TRYSERVICEACCOUNT_SYSTEM_PROPERTY, "false");
        Moto.server().reset();
        Map<String, String> config = new HashMap<>(Map.of(
                "converge.aws.endpoint", Moto.server().endpoint().toString(),
                "converge.lease.enabled", "true",
                "converge.lease.identity", "converge-0",
                "converge.lease.namespace", "converge-system",
                "converge.lease.duration", "2s",
                "converge.lease.renew-period", "500ms",
                "converge.lease.margin", "500ms"));
        try {
            Path specs = Files.createTempDirectory("converge-lease-specs");
            Files.writeString(specs.resolve("spec.yaml"), SPEC);
            config.put("converge.specs.path", specs.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return config;
    }

    @Override
    public void stop() {
        System.clearProperty(Config.KUBERNETES_MASTER_SYSTEM_PROPERTY);
        System.clearProperty(Config.KUBERNETES_AUTH_TRYKUBECONFIG_SYSTEM_PROPERTY);
        System.clearProperty(Config.KUBERNETES_AUTH_TRYSERVICEACCOUNT_SYSTEM_PROPERTY);
        server.destroy();
    }
}
