package dev.converge.cli;

import dev.converge.aws.AwsFailures;
import io.quarkus.picocli.runtime.PicocliCommandLineFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * How the commands talk to people and scripts: UTF-8 output whatever the platform charset (plans
 * draw arrows), and a failure is one line on stderr with its causes and exit code 1, never a stack trace.
 */
@ApplicationScoped
public class CommandLineSetup {

    @Produces
    CommandLine commandLine(PicocliCommandLineFactory factory) {
        return factory.create()
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setOut(utf8(System.out))
                .setErr(utf8(System.err))
                .setExecutionExceptionHandler((e, commandLine, parsed) -> {
                    commandLine.getErr().println("converge " + commandLine.getCommandName() + ": " + AwsFailures.describe(e));
                    commandLine.getErr().flush();
                    return ExitCodes.ERROR;
                });
    }

    private static PrintWriter utf8(PrintStream stream) {
        return new PrintWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), true);
    }
}
