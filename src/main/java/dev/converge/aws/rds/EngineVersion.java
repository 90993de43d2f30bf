package dev.converge.aws.rds;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An Aurora engine version as RDS orders them: a major line and a release, each compared number by
 * number. Aurora MySQL's {@code 8.0.mysql_aurora.3.05.2} is major {@code 8.0}, release {@code 3.05.2};
 * Aurora PostgreSQL's {@code 15.4} is major {@code 15} (before PostgreSQL 10, the first two numbers:
 * {@code 9.6}), release {@code 15.4}. Pure: no AWS call.
 */
record EngineVersion(List<Integer> major, List<Integer> release) {

    private static final String MYSQL_RELEASE = ".mysql_aurora.";
    /** PostgreSQL numbered its major lines with two numbers until 9.6, with one since 10. */
    private static final int FIRST_SINGLE_NUMBER_MAJOR = 10;

    /** What moving a cluster from its live engine version to the declared one is. */
    enum Step {
        SAME,
        /**
         * The live version is a newer release of the declared major: AWS applied a minor upgrade by itself
         * (automatic minor version upgrades). The declared version is a floor, not drift.
         */
        LIVE_AHEAD,
        MINOR_UPGRADE,
        /** ModifyDBCluster needs {@code AllowMajorVersionUpgrade}. */
        MAJOR_UPGRADE,
        /** The declared major is older than the live one: RDS cannot downgrade in place, so it is never sent. */
        DOWNGRADE,
        /** A version in a shape this class does not know: the two are compared as text and a change is left to RDS. */
        UNKNOWN
    }

    /** The version, or empty for a shape that is not Aurora MySQL's or Aurora PostgreSQL's. */
    static Optional<EngineVersion> parse(String version) {
        if (version == null) {
            return Optional.empty();
        }
        int mysql = version.indexOf(MYSQL_RELEASE);
        if (mysql >= 0) {
            Optional<List<Integer>> major = numbers(version.substring(0, mysql));
            Optional<List<Integer>> release = numbers(version.substring(mysql + MYSQL_RELEASE.length()));
            return major.isPresent() && release.isPresent()
                    ? Optional.of(new EngineVersion(major.get(), release.get()))
                    : Optional.empty();
        }
        return numbers(version).map(release -> new EngineVersion(
                release.subList(0, release.get(0) < FIRST_SINGLE_NUMBER_MAJOR ? Math.min(2, release.size()) : 1), release));
    }

    /** What it takes to move a cluster at {@code live} to {@code declared}. */
    static Step step(String declared, String live) {
        if (declared.equals(live)) {
            return Step.SAME;
        }
        Optional<EngineVersion> want = parse(declared);
        Optional<EngineVersion> have = parse(live);
        if (want.isEmpty() || have.isEmpty()) {
            return Step.UNKNOWN;
        }
        int major = compare(want.get().major(), have.get().major());
        if (major != 0) {
            return major > 0 ? Step.MAJOR_UPGRADE : Step.DOWNGRADE;
        }
        int release = compare(want.get().release(), have.get().release());
        return release == 0 ? Step.SAME : release > 0 ? Step.MINOR_UPGRADE : Step.LIVE_AHEAD;
    }

    /**
     * The version observation reports for a cluster at {@code live} whose spec declares {@code declared}
     * (null when it declares none): the declared one while the live one is a newer release of its major,
     * so that AWS's automatic minor upgrades are not drift; otherwise the live one.
     */
    static String reported(String declared, String live) {
        return declared != null && live != null && step(declared, live) == Step.LIVE_AHEAD ? declared : live;
    }

    /** Why a cluster at {@code live} cannot be moved to {@code declared}, when it cannot: a downgrade. */
    static Optional<String> unreachable(String declared, String live) {
        if (declared == null || live == null || step(declared, live) != Step.DOWNGRADE) {
            return Optional.empty();
        }
        return Optional.of("engineVersion " + declared + " is of an older major version than the cluster's " + live
                + "; RDS cannot downgrade a cluster in place and Converge never asks it to: declare " + live
                + " (or a later version), or restore a snapshot into a new cluster");
    }

    /** Number by number; a version that runs out first is the older one ({@code 16} before {@code 16.1}). */
    private static int compare(List<Integer> a, List<Integer> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = Integer.compare(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    private static Optional<List<Integer>> numbers(String dotted) {
        List<Integer> numbers = new ArrayList<>();
        for (String part : dotted.split("\\.", -1)) {
            if (part.isEmpty() || part.length() > 9 || !part.chars().allMatch(Character::isDigit)) {
                return Optional.empty();
            }
            numbers.add(Integer.parseInt(part));
        }
        return Optional.of(List.copyOf(numbers));
    }
}
