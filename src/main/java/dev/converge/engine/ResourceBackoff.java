package dev.converge.engine;

import dev.converge.model.ResourceKey;
import dev.converge.plan.Action;
import dev.converge.plan.Change;
import dev.converge.plan.FieldChange;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Which resources a pass leaves alone, remembered across passes. A resource whose step failed, or that
 * needs the same change pass after pass because something keeps undoing it (another actor, AWS
 * normalising a value its own way), is held back for 1, 2, 4, ... passes up to a cap instead of being
 * fought every pass; the rest of the environment carries on. A pass on which AWS is still carrying out
 * the last step (instances launching, a replica being created) does not count towards the streak: the
 * same step over several passes is then how the change is made. Passes are counted per environment.
 *
 * @param loopThreshold on how many passes in a row the same change may be needed before the resource is
 *     flagged as flapping
 * @param maxBackoffPasses the longest hold, in passes; 0 never holds anything back
 */
public final class ResourceBackoff {

    private final int loopThreshold;
    private final int maxBackoffPasses;
    private final Map<String, Long> passes = new HashMap<>();
    private final Map<String, Map<ResourceKey, Entry>> entries = new HashMap<>();

    /** A resource held back until pass {@code until}; {@code flapping} when it is the same change coming back. */
    public record Hold(long until, boolean flapping) {

        public String note() {
            return "backed off until pass " + until + (flapping
                    ? ": the same change was needed on several passes in a row; something reverts it"
                    : ": its last attempt failed");
        }
    }

    /** The change a resource needs, without what only describes it: equal on every pass that needs the same thing. */
    private record Signature(Action action, List<FieldChange> fields) {

        static Signature of(Change change) {
            return new Signature(change.action(), change.fields());
        }
    }

    private static final class Entry {
        final Signature signature;
        int streak = 1;
        int strikes;
        long retryAt;
        boolean done;
        boolean flapping;

        Entry(Signature signature) {
            this.signature = signature;
        }
    }

    public ResourceBackoff(int loopThreshold, int maxBackoffPasses) {
        if (loopThreshold < 2 || maxBackoffPasses < 0) {
            throw new IllegalArgumentException("the loop threshold must be at least 2 and the longest backoff not negative");
        }
        this.loopThreshold = loopThreshold;
        this.maxBackoffPasses = maxBackoffPasses;
    }

    /** Starts the environment's next pass and returns its number, from 1. */
    public synchronized long beginPass(String environment) {
        return passes.merge(environment, 1L, Long::sum);
    }

    /**
     * Takes the steps a pass found needed at its start and returns the resources it must leave alone.
     * A resource no longer needing anything has converged and is forgotten, flag and strikes with it.
     */
    public synchronized Map<ResourceKey, Hold> hold(String environment, long pass, List<Change> needed) {
        Map<ResourceKey, Entry> known = entries.computeIfAbsent(environment, e -> new HashMap<>());
        Map<ResourceKey, Entry> current = new HashMap<>();
        Map<ResourceKey, Hold> holds = new HashMap<>();
        for (Change change : needed) {
            Entry entry = known.get(change.key());
            Signature signature = Signature.of(change);
            if (entry == null || !entry.signature.equals(signature)) {
                entry = new Entry(signature);
            } else if (entry.done) {
                entry.done = false;
                // AWS still working on the last step (a fleet rolling) is progress, not something reverting it
                if (!progressing(change) && ++entry.streak >= loopThreshold) {
                    entry.flapping = true;
                    entry.retryAt = pass + backoff(++entry.strikes);
                }
            }
            current.put(change.key(), entry);
            if (pass < entry.retryAt) {
                holds.put(change.key(), new Hold(entry.retryAt, entry.flapping));
            }
        }
        entries.put(environment, current);
        return holds;
    }

    /** Takes what a pass's steps came to: a failure holds its resource back for the next passes. */
    public synchronized void record(String environment, long pass, List<Outcome> outcomes) {
        Map<ResourceKey, Entry> known = entries.computeIfAbsent(environment, e -> new HashMap<>());
        for (Outcome outcome : outcomes) {
            Change change = outcome.change();
            Entry entry = known.computeIfAbsent(change.key(), k -> new Entry(Signature.of(change)));
            switch (outcome.result()) {
                case SUCCESS -> entry.done = true;
                case ERROR -> {
                    entry.done = false;
                    entry.retryAt = pass + 1 + backoff(++entry.strikes);
                }
                // neither tried nor failed: a step waiting on AWS or on another resource is no strike
                case SKIPPED, WAITING -> { }
            }
        }
    }

    private static boolean progressing(Change change) {
        return change.observed() != null && change.observed().progressing();
    }

    /** The environment's resources flagged as flapping now. */
    public synchronized Set<ResourceKey> flapping(String environment) {
        return entries.getOrDefault(environment, Map.of()).entrySet().stream()
                .filter(e -> e.getValue().flapping)
                .map(Map.Entry::getKey)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private long backoff(int strikes) {
        return Math.min(1L << Math.min(strikes - 1, 30), maxBackoffPasses);
    }
}
