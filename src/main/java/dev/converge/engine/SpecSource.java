package dev.converge.engine;

import dev.converge.spec.DesiredState;
import java.io.IOException;

/**
 * Where the spec comes from: a directory, or a git branch. Each pass asks for the newest revision and
 * loads it only when it is new, so an unchanged source costs no parsing.
 */
public interface SpecSource {

    /** Names the source in logs and in {@code converge_spec_info}; never carries credentials. */
    String name();

    /** The newest revision available now, which a source may first fetch. */
    Candidate latest() throws IOException;

    /** One revision and how to load exactly that revision, so a pass never mixes two of them. */
    record Candidate(String revision, Loading loading) {
        public DesiredState load() throws IOException {
            return loading.load();
        }
    }

    /** Parses and validates one revision; throws {@link dev.converge.spec.SpecException} with located errors. */
    @FunctionalInterface
    interface Loading {
        DesiredState load() throws IOException;
    }
}
