package dev.converge.engine;

import dev.converge.testing.FaultProxy;
import dev.converge.testing.Moto;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** The service reaching moto through a proxy that can hold one region's requests, with a spec of two environments. */
public class SlowEnvironmentResource implements QuarkusTestResourceLifecycleManager {

    static FaultProxy proxy;

    @Override
    public Map<String, String> start() {
        try {
            Moto.server().reset();
            proxy = FaultProxy.start(Moto.server().endpoint(), 8, Duration.ZERO);
            Path specs = Files.createTempDirectory("converge-slow-specs");
            Files.writeString(specs.resolve("environments.yaml"), IndependentEnvironmentsIT.SPEC);
            return Map.of(
                    "converge.aws.endpoint", proxy.endpoint().toString(),
                    "converge.specs.path", specs.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        proxy.close();
    }
}
