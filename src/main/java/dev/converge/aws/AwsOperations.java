package dev.converge.aws;

import java.util.List;

/** Which API operations change state: the ones audited, and the ones observe mode must never call. */
public final class AwsOperations {

    /** KMS's Decrypt, which Parameter Store performs for a read with decryption, changes nothing either. */
    private static final List<String> READ_PREFIXES = List.of("Describe", "Get", "List", "Head", "Decrypt");

    /** Calls that obtain credentials: they change nothing in the environment. */
    private static final List<String> CREDENTIAL_PREFIXES = List.of("AssumeRole");

    private AwsOperations() {}

    public static boolean isMutating(String operation) {
        return READ_PREFIXES.stream().noneMatch(operation::startsWith)
                && CREDENTIAL_PREFIXES.stream().noneMatch(operation::startsWith);
    }
}
