package dev.converge.cli;

import dev.converge.spec.DesiredState;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Parses and validates specs without reaching AWS: the check a pull request runs first. */
@Command(name = "validate", description = "Parse and validate specs; no AWS access. Exit 0 valid, 1 invalid.")
public class ValidateCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", paramLabel = "PATH", description = "spec files or directories (default: converge.specs.path)")
    List<Path> paths;

    @Spec
    CommandSpec spec;

    private final SpecInput input;

    public ValidateCommand(SpecInput input) {
        this.input = input;
    }

    @Override
    public Integer call() {
        Optional<DesiredState> state = input.load(paths, spec.commandLine().getErr());
        if (state.isEmpty()) {
            return ExitCodes.ERROR;
        }
        int resources = state.get().resources().values().stream().mapToInt(List::size).sum();
        spec.commandLine().getOut().printf("valid: %d environment(s), %d resource(s)%n",
                state.get().environments().size(), resources);
        return ExitCodes.OK;
    }
}
