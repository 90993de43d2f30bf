package dev.converge.service;

import dev.converge.testing.Moto;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Points the service at the test JVM's moto and at a spec directory the test can rewrite. */
public class MotoSpecsResource implements QuarkusTestResourceLifecycleManager {

    static Path specs;

    @Override
    public Map<String, String> start() {
        try {
            Moto.server().reset();
            specs = Files.createTempDirectory("converge-specs");
            Files.writeString(specs.resolve("svc.yaml"), ServiceIT.GOOD_SPEC);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "converge.aws.endpoint", Moto.server().endpoint().toString(),
                "converge.specs.path", specs.toString());
    }

    @Override
    public void stop() {}
}
