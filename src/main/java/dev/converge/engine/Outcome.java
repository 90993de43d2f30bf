package dev.converge.engine;

import dev.converge.plan.Change;
import java.util.Locale;

/**
 * What happened to one executed plan step.
 *
 * @param error why the step failed, was skipped or waits; null on success
 */
public record Outcome(Change change, Result result, String error) {

    public enum Result {
        SUCCESS,
        ERROR,
        /**
         * Not attempted because a resource it depends on failed, is held back or waits on AWS: not a
         * failure of its own.
         */
        SKIPPED,
        /** Accepted by AWS, which is still carrying it out; a later pass continues from what it observes. */
        WAITING;

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

    public static Outcome waiting(Change change, String reason) {
        return new Outcome(change, Result.WAITING, reason);
    }
}
