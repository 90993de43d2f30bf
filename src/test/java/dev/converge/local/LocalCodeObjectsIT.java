package dev.converge.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.model.Environment;
import dev.converge.model.FunctionSpec;
import dev.converge.spec.DesiredState;
import dev.converge.spec.SpecLoader;
import dev.converge.testing.Harness;
import dev.converge.testing.Moto;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The embedded run publishes the example functions' packages in each environment's account, as a build pipeline would. */
class LocalCodeObjectsIT {

    @Test
    void everyExternalCodeObjectOfTheExampleSpecs_isThereInItsAccount() {
        DesiredState specs = SpecLoader.load(Path.of("specs"));
        try (Harness harness = new Harness()) {
            LocalCodeObjects.publish(Moto.server().endpoint(), specs);

            for (Environment environment : specs.environments().values()) {
                var s3 = harness.aws(environment).s3();
                specs.resourcesOf(environment.name()).stream()
                        .filter(r -> r.spec() instanceof FunctionSpec)
                        .map(r -> r.spec(FunctionSpec.class).code())
                        .forEach(code -> assertThat(s3.headObject(r -> r.bucket(code.externalBucket()).key(code.key())).contentLength())
                                .as("s3://%s/%s in %s", code.externalBucket(), code.key(), environment.accountId())
                                .isPositive());
            }
        }
    }
}
