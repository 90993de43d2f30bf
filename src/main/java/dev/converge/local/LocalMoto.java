package dev.converge.local;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * A moto server (the AWS emulator) that Converge starts on loopback for its embedded default run and
 * for its tests. Uses {@code moto_server} from PATH, else a project-local virtualenv that it creates
 * with pip on first use.
 */
public final class LocalMoto implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LocalMoto.class);
    private static final Duration STARTUP = Duration.ofSeconds(60);

    private final Process process;
    private final int port;

    private LocalMoto(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts a server on a free loopback port and waits until it answers. */
    public static LocalMoto start(Path workDir) {
        List<String> command = new java.util.ArrayList<>(findOrInstall());
        int port = freePort();
        command.addAll(List.of("-H", "127.0.0.1", "-p", Integer.toString(port)));
        try {
            Files.createDirectories(workDir);
            File log = workDir.resolve("moto-" + port + ".log").toFile();
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log)
                    .start();
            LocalMoto moto = new LocalMoto(process, port);
            moto.awaitReady();
            LOG.infof("moto is serving AWS APIs on %s (log: %s)", moto.endpoint(), log);
            return moto;
        } catch (IOException e) {
            throw new IllegalStateException("could not start " + String.join(" ", command), e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Wipes every account and region, as if the server had just started. */
    public void reset() {
        try {
            HttpURLConnection connection = (HttpURLConnection) endpoint().resolve("/moto-api/reset").toURL().openConnection();
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            connection.getOutputStream().close();
            if (connection.getResponseCode() != 200) {
                throw new IllegalStateException("moto reset answered " + connection.getResponseCode());
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not reset moto", e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void awaitReady() {
        Instant deadline = Instant.now().plus(STARTUP);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto_server exited with " + process.exitValue() + " at start-up");
            }
            try {
                HttpURLConnection connection = (HttpURLConnection) endpoint().resolve("/moto-api/").toURL().openConnection();
                connection.setConnectTimeout(500);
                if (connection.getResponseCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // the server is still starting
            }
            sleep(200);
        }
        close();
        throw new IllegalStateException("moto_server did not answer within " + STARTUP.toSeconds() + "s");
    }

    /** The command that runs moto: from PATH, from the project's virtualenv, as a module, or installed now. */
    private static List<String> findOrInstall() {
        Optional<String> onPath = onPath("moto_server");
        if (onPath.isPresent()) {
            return List.of(onPath.get());
        }
        Path venv = Path.of(".venv").toAbsolutePath();
        Path installed = venv.resolve("bin/moto_server");
        if (Files.isExecutable(installed)) {
            return List.of(installed.toString());
        }
        if (succeeds(List.of("python3", "-c", "import moto.server, flask"))) {
            return List.of("python3", "-m", "moto.server");
        }
        LOG.infof("moto is not installed; installing it into %s", venv);
        run(List.of("python3", "-m", "venv", venv.toString()));
        run(List.of(venv.resolve("bin/pip").toString(), "install", "--quiet", "moto[server]==5.2.1"));
        return List.of(installed.toString());
    }

    private static boolean succeeds(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Optional<String> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate.toString());
            }
        }
        return Optional.empty();
    }

    private static void run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).inheritIO().start();
            int exit = process.waitFor();
            if (exit != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited with " + exit);
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.get(0), e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for moto", e);
        }
    }
}
