package dev.converge.cli;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The entry point of every command. Only {@code serve} (also the command without a subcommand) is the
 * controller; the one-shot commands run next to CI runners and other Converges that hold ports 8080 and
 * 9000 and own stdout and stderr, so before Quarkus starts they turn off what only the controller needs:
 * the HTTP listener, the management listener (health and metrics), the scheduler, the framework's
 * start-up and shutdown lines, and the rule that every environment name its account
 * ({@code converge.aws.require-account-ids}, a rule of {@code serve} against real AWS). A setting the user
 * made explicitly wins.
 */
@QuarkusMain
public final class ConvergeMain {

    /** What a one-shot command changes in the framework's configuration. */
    static final Map<String, String> ONE_SHOT = Map.of(
            "quarkus.http.host-enabled", "false",
            "quarkus.management.host-enabled", "false",
            "quarkus.scheduler.enabled", "false",
            "quarkus.log.category.\"io.quarkus\".level", "WARN",
            "converge.aws.require-account-ids", "false");

    /** Quarkus makes the {@code @QuarkusMain} class a bean, so its constructor is not private. */
    ConvergeMain() {}

    public static void main(String... args) {
        List<String> set = serves(args) ? List.of() : setUnlessGiven(ONE_SHOT);
        try {
            Quarkus.run(CommandRunner.class, args);
        } finally {
            // Dev mode and the tests run several applications in one JVM; the next one may be serve.
            set.forEach(System::clearProperty);
        }
    }

    /** {@code serve} is the default command; the others are named first (picocli's top command has no other options). */
    static boolean serves(String... args) {
        return args.length == 0 || args[0].equals("serve");
    }

    private static List<String> setUnlessGiven(Map<String, String> properties) {
        List<String> set = new ArrayList<>();
        properties.forEach((key, value) -> {
            if (System.getProperty(key) == null && System.getenv(environmentName(key)) == null) {
                System.setProperty(key, value);
                set.add(key);
            }
        });
        return set;
    }

    /** MicroProfile Config's environment-variable form of a key: {@code QUARKUS_HTTP_HOST_ENABLED}. */
    private static String environmentName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(java.util.Locale.ROOT);
    }
}
