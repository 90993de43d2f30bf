package dev.converge.testing;

import dev.converge.local.LocalMoto;
import java.nio.file.Path;

/** One moto server per test JVM, started on first use and stopped when the JVM exits. */
public final class Moto {

    private static LocalMoto server;

    private Moto() {}

    public static synchronized LocalMoto server() {
        if (server == null) {
            server = LocalMoto.start(Path.of("target"));
            LocalMoto started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close));
        }
        return server;
    }
}
