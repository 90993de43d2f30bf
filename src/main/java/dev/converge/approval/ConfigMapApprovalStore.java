package dev.converge.approval;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import dev.converge.lease.LeaseNames;
import java.net.HttpURLConnection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Approval records in one ConfigMap of the release namespace, an entry per approval id, shared by every
 * replica, so an approval outlives restarts and the environment's lease moving to another replica.
 * Writes carry the resourceVersion read (optimistic concurrency, as the API server checks it): a writer
 * that lost the race reads again and reapplies its change.
 */
public final class ConfigMapApprovalStore implements ApprovalStore {

    static final String CONTROLLER_LABEL = "converge.dev/controller";
    private static final int ATTEMPTS = 10;

    private final KubernetesClient client;
    private final String namespace;
    private final String name;
    private final String controller;

    /** @param controller the controller name: the ConfigMap is {@code <controller>-approvals} */
    public ConfigMapApprovalStore(KubernetesClient client, String namespace, String controller) {
        this.client = client;
        this.namespace = namespace;
        this.controller = controller;
        this.name = LeaseNames.approvals(controller);
    }

    @Override
    public Map<String, ApprovalRecord> read() {
        return records(configMap().get());
    }

    @Override
    public Map<String, ApprovalRecord> update(UnaryOperator<Map<String, ApprovalRecord>> change) {
        for (int attempt = 1; ; attempt++) {
            ConfigMap current = configMap().get();
            Map<String, ApprovalRecord> before = records(current);
            Map<String, ApprovalRecord> after = change.apply(new TreeMap<>(before));
            if (after.equals(before)) {
                return after;
            }
            Map<String, String> data = new TreeMap<>();
            after.forEach((id, record) -> data.put(id, ApprovalJson.writeOne(record)));
            try {
                if (current == null) {
                    client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder()
                            .withNewMetadata().withName(name).withNamespace(namespace)
                            .addToLabels(CONTROLLER_LABEL, LeaseNames.label(controller)).endMetadata()
                            .withData(data).build()).create();
                } else {
                    client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder(current).withData(data).build()).update();
                }
                return after;
            } catch (KubernetesClientException e) {
                boolean lostRace = e.getCode() == HttpURLConnection.HTTP_CONFLICT;
                if (!lostRace || attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    @Override
    public String describe() {
        return "ConfigMap " + namespace + "/" + name;
    }

    private Resource<ConfigMap> configMap() {
        return client.configMaps().inNamespace(namespace).withName(name);
    }

    private Map<String, ApprovalRecord> records(ConfigMap configMap) {
        Map<String, ApprovalRecord> records = new TreeMap<>();
        if (configMap == null || configMap.getData() == null) {
            return records;
        }
        new LinkedHashMap<>(configMap.getData()).forEach((id, json) -> records.put(id, ApprovalJson.readOne(json, describe())));
        return records;
    }
}
