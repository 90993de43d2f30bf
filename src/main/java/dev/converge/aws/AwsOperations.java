package dev.converge.aws;

import java.util.List;

/** Which API operations change state: the ones audited, and the ones observe mode must never call. */
public final class AwsOperations {

    private static final List<String> READ_PREFIXES = List.of("Describe", "Get", "List", "Head");

    private AwsOperations() {}

    public static boolean isMutating(String operation) {
        return READ_PREFIXES.stream().noneMatch(operation::startsWith);
    }
}
