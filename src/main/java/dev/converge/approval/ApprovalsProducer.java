package dev.converge.approval;

import dev.converge.engine.ConvergeConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The installation's approval ledger over the store where the deployment keeps state: in a cluster the
 * release namespace's ConfigMap, elsewhere a file. Built when first asked, so {@code validate} reaches
 * no Kubernetes API.
 */
@ApplicationScoped
public class ApprovalsProducer {

    private static final Logger LOG = Logger.getLogger(ApprovalsProducer.class);

    private final ConvergeConfig config;
    private KubernetesClient client;

    public ApprovalsProducer(ConvergeConfig config) {
        this.config = config;
    }

    @Produces
    @Singleton
    ApprovalLedger ledger() {
        ConvergeConfig.ApprovalSettings settings = config.approvals();
        boolean inCluster = System.getenv("KUBERNETES_SERVICE_HOST") != null;
        String kind = settings.store().map(s -> s.trim().toLowerCase(Locale.ROOT)).orElse(inCluster ? "kubernetes" : "file");
        ApprovalStore store = switch (kind) {
            case "file" -> new FileApprovalStore(settings.file());
            case "kubernetes" -> kubernetes(settings);
            default -> throw new IllegalArgumentException("converge.approvals.store is kubernetes or file, not " + kind);
        };
        LOG.debugf("approvals in %s, usable for %s after they are given", store.describe(), settings.expireAfter());
        return new ApprovalLedger(store, settings.expireAfter(), Clock.systemUTC());
    }

    private synchronized ApprovalStore kubernetes(ConvergeConfig.ApprovalSettings settings) {
        client = new KubernetesClientBuilder().build();
        String namespace = settings.namespace()
                .or(() -> Optional.ofNullable(System.getenv("POD_NAMESPACE")).filter(n -> !n.isBlank()))
                .orElse(client.getNamespace());
        if (namespace == null) {
            throw new IllegalArgumentException("approvals need a namespace: set POD_NAMESPACE (or converge.approvals.namespace)");
        }
        return new ConfigMapApprovalStore(client, namespace, config.controllerName());
    }

    @PreDestroy
    synchronized void close() {
        if (client != null) {
            client.close();
        }
    }
}
