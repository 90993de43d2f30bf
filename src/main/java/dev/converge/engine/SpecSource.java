package dev.converge.engine;

import dev.converge.spec.DesiredState;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * Where the spec comes from: a directory, or a git branch. Each pass asks for the newest revision and
 * loads it only when it is new, so an unchanged source costs no parsing.
 */
public interface SpecSource {

    /** How long a pass waits for {@link #latest()} before it goes on with the spec in force. */
    Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /** Names the source in logs and in {@code converge_spec_info}; never carries credentials. */
    String name();

    /** The newest revision available now, which a source may first fetch. */
    Candidate latest() throws IOException;

    /** The longest {@link #latest()} may take; a read still running after it counts as failed. */
    default Duration timeout() {
        return DEFAULT_TIMEOUT;
    }

    /**
     * One revision and how to load exactly that revision, so a pass never mixes two of them.
     *
     * @param fetchFailure why fetching a newer revision failed, when this one is only the newest fetched before
     */
    record Candidate(String revision, Loading loading, Optional<String> fetchFailure) {

        public Candidate(String revision, Loading loading) {
            this(revision, loading, Optional.empty());
        }

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
