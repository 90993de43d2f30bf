package dev.converge.engine;

import dev.converge.plan.Change;
import java.util.Locale;

/** What happened to one executed plan step. */
public record Outcome(Change change, Result result, String error) {

    public enum Result {
        SUCCESS,
        ERROR,
        /** Not attempted because a resource it depends on failed earlier in the pass. */
        SKIPPED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static Outcome success(Change change) {
        return new Outcome(change, Result.SUCCESS, null);
    }

    public static Outcome error(Change change, String error) {
        return new Outcome(change, Result.ERROR, error);
    }

    public static Outcome skipped(Change change, String reason) {
        return new Outcome(change, Result.SKIPPED, reason);
    }
}
