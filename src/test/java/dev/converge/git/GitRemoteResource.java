package dev.converge.git;

import dev.converge.testing.GitRemote;
import dev.converge.testing.Moto;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Points the service at the test JVM's moto and at a git repository holding one commit; fetches are
 * an hour apart, so only the webhook makes the service see a new commit within a test.
 */
public class GitRemoteResource implements QuarkusTestResourceLifecycleManager {

    static final String SECRET = "webhook-secret-5b2e";

    static GitRemote remote;
    static String firstCommit;

    @Override
    public Map<String, String> start() {
        try {
            Moto.server().reset();
            Path directory = Files.createTempDirectory("converge-git-webhook");
            remote = new GitRemote(directory);
            firstCommit = remote.push(GitWebhookIT.spec("one"), "hook: VPC");
            Path secret = Files.writeString(directory.resolve("webhook-secret"), SECRET + "\n");
            return Map.of(
                    "converge.aws.endpoint", Moto.server().endpoint().toString(),
                    "converge.git.url", remote.url(),
                    "converge.git.poll-interval", "1h",
                    "converge.git.checkout-dir", directory.resolve("checkout").toString(),
                    "converge.git.webhook-secret-file", secret.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        remote.close();
    }
}
