package dev.converge.api;

import dev.converge.testing.Moto;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Points the service at the test JVM's moto, at a spec directory the test can rewrite, and at a token file;
 * only environment {@code api} of the spec is allowed.
 */
public class ApiSpecsResource implements QuarkusTestResourceLifecycleManager {

    static final String TOKEN = "s3cr3t-api-token";

    static Path specs;

    @Override
    public Map<String, String> start() {
        try {
            specs = Files.createTempDirectory("converge-api-specs");
            Files.writeString(specs.resolve("api.yaml"), StatusApiIT.SPEC);
            Files.writeString(specs.resolve("elsewhere.yaml"), StatusApiIT.ELSEWHERE);
            Path token = Files.createTempFile("converge-api-token", "");
            // As a Kubernetes secret usually holds it: with a trailing newline.
            Files.writeString(token, TOKEN + "\n");
            return Map.of(
                    "converge.aws.endpoint", Moto.server().endpoint().toString(),
                    "converge.specs.path", specs.toString(),
                    "converge.api.token-file", token.toString(),
                    "converge.guards.allowed-environments", "api",
                    "converge.approvals.file", specs.resolveSibling(specs.getFileName() + "-approvals.json").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {}
}
