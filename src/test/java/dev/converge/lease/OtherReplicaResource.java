package dev.converge.lease;

import dev.converge.testing.GitRemote;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;

/**
 * {@link KubernetesApiResource} with a second replica, {@code converge-other}, already running: its
 * membership and the lease of {@code nonprod} are fresh for an hour, so this replica's share is one
 * environment and {@code prod} is the free one. The spec comes from git, for the webhook, and the API
 * has a token.
 */
public class OtherReplicaResource extends KubernetesApiResource {

    static final String OTHER = "converge-other";
    static final String TOKEN = "lease-api-token";
    static final String WEBHOOK_SECRET = "lease-webhook-secret";
    private static final int AN_HOUR = 3600;

    static GitRemote remote;

    @Override
    public Map<String, String> start() {
        Map<String, String> config = super.start();
        try (KubernetesClient client = server.createClient()) {
            client.leases().inNamespace("converge-system").resource(lease("converge-member-" + OTHER, "member", null)).create();
            client.leases().inNamespace("converge-system").resource(lease("converge-nonprod", "environment", "nonprod")).create();
        }
        try {
            Path directory = Files.createTempDirectory("converge-lease-git");
            remote = new GitRemote(directory);
            remote.push(Map.of("specs/spec.yaml", SPEC), "prod and nonprod");
            config.putAll(Map.of(
                    "converge.git.url", remote.url(),
                    "converge.git.poll-interval", "1h",
                    "converge.git.checkout-dir", directory.resolve("checkout").toString(),
                    "converge.git.webhook-secret-file", Files.writeString(directory.resolve("webhook-secret"), WEBHOOK_SECRET).toString(),
                    "converge.api.token-file", Files.writeString(directory.resolve("token"), TOKEN).toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return config;
    }

    /** A lease as a replica of this controller writes it, held by the other replica and renewed just now. */
    static Lease lease(String name, String role, String environment) {
        LeaseBuilder builder = new LeaseBuilder().withNewMetadata()
                .withName(name)
                .withNamespace("converge-system")
                .addToLabels(LeaseManager.CONTROLLER_LABEL, "converge")
                .addToLabels(LeaseManager.ROLE_LABEL, role)
                .endMetadata()
                .withNewSpec()
                .withHolderIdentity(OTHER)
                .withLeaseDurationSeconds(AN_HOUR)
                .withAcquireTime(ZonedDateTime.now(ZoneOffset.UTC))
                .withRenewTime(ZonedDateTime.now(ZoneOffset.UTC))
                .endSpec();
        if (environment != null) {
            builder.editMetadata().addToAnnotations(LeaseManager.ENVIRONMENT_ANNOTATION, environment).endMetadata();
        }
        return builder.build();
    }

    @Override
    public void stop() {
        super.stop();
        remote.close();
    }
}
