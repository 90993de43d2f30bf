package dev.converge.local;

import dev.converge.engine.AwsEndpoint;
import dev.converge.engine.ConvergeConfig;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The AWS endpoint of this run: {@code converge.aws.endpoint} when set; otherwise, with
 * {@code converge.aws.local-emulator} on (dev mode's embedded default), a moto started here on first
 * use and stopped with the application; otherwise real AWS.
 */
@ApplicationScoped
public class LocalEmulator implements AwsEndpoint {

    private static final Logger LOG = Logger.getLogger(LocalEmulator.class);

    private final ConvergeConfig config;
    private LocalMoto moto;

    public LocalEmulator(ConvergeConfig config) {
        this.config = config;
    }

    @Override
    public synchronized Optional<URI> uri() {
        Optional<URI> configured = config.aws().endpoint();
        if (configured.isPresent() || !config.aws().localEmulator()) {
            return configured;
        }
        if (moto == null) {
            moto = LocalMoto.start(Path.of("target"));
            useEmulatorCredentials();
            publishCodeObjects();
            LOG.infof("embedded default: converging %s into a local moto at %s; try `aws --endpoint-url %s ec2 describe-vpcs`",
                    config.specs().path(), moto.endpoint(), moto.endpoint());
        }
        return Optional.of(moto.endpoint());
    }

    synchronized void stop(@Observes ShutdownEvent event) {
        if (moto != null) {
            moto.close();
        }
    }

    /**
     * The example functions' packages, which a build pipeline publishes in AWS. A spec that does not load
     * is left to the pass to report.
     */
    private void publishCodeObjects() {
        java.nio.file.Path specs = java.nio.file.Path.of(config.specs().path());
        try {
            LocalCodeObjects.publish(moto.endpoint(), dev.converge.spec.SpecLoader.load(specs));
        } catch (dev.converge.spec.SpecException e) {
            LOG.debugf("no code objects published: %s does not load", specs);
        }
    }

    /** moto accepts any credentials; set dummy ones so the default chain never reaches for real ones. */
    private static void useEmulatorCredentials() {
        if (System.getProperty("aws.accessKeyId") == null && System.getenv("AWS_ACCESS_KEY_ID") == null) {
            System.setProperty("aws.accessKeyId", "converge-local");
            System.setProperty("aws.secretAccessKey", "converge-local");
        }
    }
}
