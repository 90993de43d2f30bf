package dev.converge.cli;

import io.quarkus.picocli.runtime.annotations.TopCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/** {@code converge}: without a subcommand it serves, which is what the container image runs. */
@TopCommand
@Command(name = "converge", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        scope = ScopeType.INHERIT, exitCodeOnInvalidInput = ExitCodes.USAGE,
        description = "Keeps AWS environments converged to declarative specs.",
        subcommands = {ServeCommand.class, ValidateCommand.class, PlanCommand.class, ApplyCommand.class, ApproveCommand.class})
public class ConvergeCommand implements Callable<Integer> {

    private final ServeCommand serve;

    public ConvergeCommand(ServeCommand serve) {
        this.serve = serve;
    }

    @Override
    public Integer call() {
        return serve.call();
    }
}
