package dev.converge.cli;

import dev.converge.engine.ConvergeConfig;
import dev.converge.model.Environment;
import dev.converge.spec.DesiredState;
import dev.converge.spec.SpecError;
import dev.converge.spec.SpecException;
import dev.converge.spec.SpecLoader;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** The spec a command works on: the paths given, else {@code converge.specs.path}, loaded and validated. */
@ApplicationScoped
public class SpecInput {

    private final ConvergeConfig config;

    public SpecInput(ConvergeConfig config) {
        this.config = config;
    }

    /**
     * The validated spec, or empty after printing every problem as {@code file:line:column: message};
     * warnings are printed as {@code file:line:column: warning: message} either way.
     */
    Optional<DesiredState> load(List<Path> paths, PrintWriter err) {
        List<Path> sources = paths == null || paths.isEmpty() ? List.of(Path.of(config.specs().path())) : paths;
        try {
            DesiredState state = SpecLoader.load(sources);
            state.warnings().forEach(w -> err.println(w.file() + ":" + w.line() + ":" + w.column() + ": warning: " + w.message()));
            err.flush();
            return Optional.of(state);
        } catch (SpecException e) {
            e.errors().stream().map(SpecError::toString).forEach(err::println);
            err.flush();
            return Optional.empty();
        }
    }

    /** Every environment of the spec, or only the one named; naming one the spec lacks is a usage error. */
    static List<Environment> select(DesiredState state, String name, CommandSpec command) {
        if (name == null) {
            return List.copyOf(state.environments().values());
        }
        Environment environment = state.environments().get(name);
        if (environment == null) {
            throw new CommandLine.ParameterException(command.commandLine(), "no environment '" + name
                    + "' in the spec; it declares " + String.join(", ", state.environments().keySet()));
        }
        return List.of(environment);
    }
}
