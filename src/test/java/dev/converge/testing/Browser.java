package dev.converge.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A real headless Chromium, driven through ChromeDriver's W3C WebDriver HTTP API: Debian's {@code chromium}
 * and {@code chromium-driver} packages, found on {@code PATH} or in {@code /usr/bin}. Each browser runs with a
 * fresh profile and ends with {@link #close()}.
 */
public final class Browser implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Flags that keep a headless Chromium from reaching out to Google's services or needing a sandbox or GPU. */
    private static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage");

    private final Process driver;
    private final URI base;
    private final String session;
    private final Path profile;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** The Chromium and ChromeDriver executables, when both are installed. */
    public record Installation(Path chromium, Path chromedriver) {}

    public static Optional<Installation> installed() {
        Optional<Path> chromium = executable("chromium");
        Optional<Path> chromedriver = executable("chromedriver");
        return chromium.isPresent() && chromedriver.isPresent()
                ? Optional.of(new Installation(chromium.get(), chromedriver.get()))
                : Optional.empty();
    }

    public static Browser start(Installation installation, int width, int height) {
        try {
            return new Browser(installation, width, height);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Browser(Installation installation, int width, int height) throws IOException, InterruptedException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        profile = Files.createTempDirectory("converge-chromium");
        driver = new ProcessBuilder(installation.chromedriver().toString(), "--port=" + port)
                .redirectErrorStream(true)
                .redirectOutput(profile.resolveSibling(profile.getFileName() + "-chromedriver.log").toFile())
                .start();
        base = URI.create("http://127.0.0.1:" + port);
        awaitReady();
        ObjectNode options = JSON.createObjectNode().put("binary", installation.chromium().toString());
        var args = options.putArray("args");
        FLAGS.forEach(args::add);
        args.add("--user-data-dir=" + profile);
        args.add("--window-size=" + width + "," + height);
        ObjectNode capabilities = JSON.createObjectNode();
        capabilities.putObject("capabilities").putObject("alwaysMatch").put("browserName", "chrome")
                .set("goog:chromeOptions", options);
        session = call("POST", "/session", capabilities).path("sessionId").asText();
    }

    public void open(String url) {
        call("POST", path("/url"), JSON.createObjectNode().put("url", url));
    }

    /** Runs a script in the page (the test's, not the page's: the page has none) and returns its result. */
    public JsonNode script(String script) {
        ObjectNode body = JSON.createObjectNode().put("script", script);
        body.putArray("args");
        return call("POST", path("/execute/sync"), body);
    }

    /** The rendered text of every element the selector matches, whitespace collapsed (table cells apart by a space). */
    public List<String> texts(String cssSelector) {
        JsonNode found = script("return Array.from(document.querySelectorAll(" + JSON.valueToTree(cssSelector)
                + ")).map(e => (e.innerText ?? e.textContent).replace(/\\s+/g, ' ').trim());");
        return Stream.iterate(0, i -> i < found.size(), i -> i + 1).map(i -> found.get(i).asText()).toList();
    }

    public String source() {
        return call("GET", path("/source"), null).asText();
    }

    public void resize(int width, int height) {
        call("POST", path("/window/rect"), JSON.createObjectNode().put("width", width).put("height", height));
    }

    /** A PNG of the viewport, written to {@code file}. */
    public void screenshot(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, Base64.getDecoder().decode(call("GET", path("/screenshot"), null).asText()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            call("DELETE", path(""), null);
        } finally {
            driver.destroy();
        }
    }

    private String path(String suffix) {
        return "/session/" + session + suffix;
    }

    private void awaitReady() throws InterruptedException {
        for (int attempt = 0; attempt < 100; attempt++) {
            try {
                if (call("GET", "/status", null).path("ready").asBoolean()) {
                    return;
                }
            } catch (UncheckedIOException notYet) {
                // chromedriver is still starting
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("chromedriver did not become ready at " + base);
    }

    private JsonNode call(String method, String path, JsonNode body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60));
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.toString()));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode answer = JSON.readTree(response.body());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("WebDriver " + method + " " + path + ": HTTP " + response.statusCode() + " " + answer);
            }
            return answer.path("value");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Optional<Path> executable(String name) {
        return Stream.concat(Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)), Stream.of("/usr/bin"))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
