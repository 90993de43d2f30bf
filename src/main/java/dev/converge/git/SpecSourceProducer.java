package dev.converge.git;

import dev.converge.engine.ConvergeConfig;
import dev.converge.engine.DirectorySpecSource;
import dev.converge.engine.SpecSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Clock;

/** The configured spec source: the git branch when {@code converge.git.url} is set, else the spec path. */
@ApplicationScoped
public class SpecSourceProducer {

    // Singleton, not a client proxy: the webhook asks whether the source is a git one.
    @Produces
    @Singleton
    SpecSource specSource(ConvergeConfig config) {
        return GitSettings.of(config.git())
                .<SpecSource>map(git -> new GitSpecSource(git, Clock.systemUTC()))
                .orElseGet(() -> new DirectorySpecSource(Path.of(config.specs().path())));
    }
}
