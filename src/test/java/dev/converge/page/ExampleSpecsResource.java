package dev.converge.page;

import dev.converge.local.LocalCodeObjects;
import dev.converge.spec.SpecLoader;
import dev.converge.testing.Moto;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Points the service at the test JVM's moto and at a copy of the example specs that the test may edit, with
 * the example functions' code objects in place.
 */
public class ExampleSpecsResource implements QuarkusTestResourceLifecycleManager {

    static Path specs;

    @Override
    public Map<String, String> start() {
        try {
            specs = Files.createTempDirectory("converge-page-specs");
            for (String file : new String[] {"prod.yaml", "nonprod.yaml"}) {
                Files.copy(Path.of("specs", file), specs.resolve(file));
            }
            // the example functions' code lives in external buckets a build pipeline fills; here, placeholder zips
            LocalCodeObjects.publish(Moto.server().endpoint(), SpecLoader.load(specs));
            return Map.of("converge.aws.endpoint", Moto.server().endpoint().toString(), "converge.specs.path", specs.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {}
}
