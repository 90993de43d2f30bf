package dev.converge.model;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Whether, and where, an environment's passes look for what lives in its reach that no spec describes:
 * the objects of the managed kinds in its managed VPCs, and the buckets whose names follow its patterns.
 * Off unless the environment asks, because the report costs calls a pass does not otherwise make.
 *
 * @param report run the report on every pass
 * @param bucketNames glob patterns ({@code *} for any run of characters) of the bucket names that belong
 *     to this environment; without any, buckets are not part of the report
 */
public record UnmanagedScope(Boolean report, List<String> bucketNames) {

    public static final UnmanagedScope NONE = new UnmanagedScope(false, List.of());

    public static final String REPORT = "report";
    public static final String BUCKET_NAMES = "bucketNames";

    /** What a bucket name pattern may hold: bucket name characters and the wildcard. */
    public static final Pattern BUCKET_PATTERN = Pattern.compile("[a-z0-9.*-]{1,63}");

    public UnmanagedScope {
        report = Boolean.TRUE.equals(report);
        bucketNames = bucketNames == null ? List.of() : List.copyOf(bucketNames);
    }

    /** Whether a bucket of this name falls under one of the patterns. */
    public boolean coversBucket(String name) {
        return bucketNames.stream().anyMatch(pattern -> glob(pattern).matcher(name).matches());
    }

    private static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (String literal : pattern.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(literal));
        }
        return Pattern.compile(regex.toString());
    }
}
