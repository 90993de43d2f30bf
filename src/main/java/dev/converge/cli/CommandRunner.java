package dev.converge.cli;

import io.quarkus.arc.Unremovable;
import io.quarkus.runtime.QuarkusApplication;
import jakarta.enterprise.context.ApplicationScoped;
import picocli.CommandLine;

/** Runs the command line once Quarkus has started, and exits with the command's exit code. */
@ApplicationScoped
@Unremovable
public class CommandRunner implements QuarkusApplication {

    private final CommandLine commandLine;

    public CommandRunner(CommandLine commandLine) {
        this.commandLine = commandLine;
    }

    @Override
    public int run(String... args) {
        try {
            return commandLine.execute(args);
        } finally {
            commandLine.getOut().flush();
            commandLine.getErr().flush();
        }
    }
}
