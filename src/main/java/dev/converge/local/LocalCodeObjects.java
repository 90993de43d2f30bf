package dev.converge.local;

import dev.converge.model.Environment;
import dev.converge.model.FunctionSpec;
import dev.converge.spec.DesiredState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.jboss.logging.Logger;

/**
 * What a build pipeline does before functions are deployed, done for the local moto: a small zip at the
 * key of every function whose code is in an external bucket, in that bucket of the function's account
 * (created when missing). moto creates functions from it and never runs them. Plain S3 REST calls with
 * moto's account header: moto checks no signature, and the embedded run needs no AWS client for this.
 */
public final class LocalCodeObjects {

    private static final Logger LOG = Logger.getLogger(LocalCodeObjects.class);
    /** moto's account when a request names none. */
    private static final String DEFAULT_ACCOUNT = "123456789012";
    private static final String PLACEHOLDER = "def handler(event, context):\n    return None\n";

    private LocalCodeObjects() {}

    /** Publishes a placeholder package for every external code object the specs name. */
    public static void publish(URI endpoint, DesiredState specs) {
        HttpClient http = HttpClient.newHttpClient();
        java.util.Set<String> published = new java.util.HashSet<>();
        for (Environment environment : specs.environments().values()) {
            String account = environment.accountId() != null ? environment.accountId() : DEFAULT_ACCOUNT;
            specs.resourcesOf(environment.name()).stream()
                    .filter(r -> r.spec() instanceof FunctionSpec)
                    .map(r -> r.spec(FunctionSpec.class).code())
                    .filter(code -> code != null && code.externalBucket() != null)
                    .filter(code -> published.add(account + " " + code.externalBucket() + "/" + code.key()))
                    .forEach(code -> {
                        if (published.add(account + " " + code.externalBucket())) {
                            put(http, endpoint.resolve("/" + code.externalBucket()), account, new byte[0]);
                        }
                        put(http, endpoint.resolve("/" + code.externalBucket() + "/" + code.key()), account, zip(PLACEHOLDER));
                        LOG.infof("published a placeholder package at s3://%s/%s in account %s", code.externalBucket(), code.key(), account);
                    });
        }
    }

    /**
     * A deployment package: a zip holding {@code index.py} with the given source. Reproducible (a fixed entry
     * time), so publishing the same source again puts the same bytes, with the same ETag, at the key, and is
     * no new deployment.
     */
    public static byte[] zip(String source) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            ZipEntry entry = new ZipEntry("index.py");
            entry.setTimeLocal(LocalDateTime.of(1980, 1, 1, 0, 0));
            zip.putNextEntry(entry);
            zip.write(source.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A PUT of a bucket (empty body) or an object; a bucket that exists already answers 409, which is what was wanted. */
    private static void put(HttpClient http, URI uri, String account, byte[] body) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri)
                    .header("x-moto-account-id", account)
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300 && response.statusCode() != 409) {
                throw new IllegalStateException("moto answered " + response.statusCode() + " to PUT " + uri);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted publishing " + uri, e);
        }
    }
}
