package dev.converge.aws.s3;

import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * S3 reports "this bucket has no such configuration" as an error, each with its own code; these helpers
 * turn those codes into values so that drivers read absent configuration as data.
 */
final class S3Errors {

    static final String NO_SUCH_BUCKET = "NoSuchBucket";

    private S3Errors() {}

    static boolean is(AwsServiceException e, Set<String> codes) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        return code != null && codes.contains(code);
    }

    /** The result of a read, or {@code absent} when S3 answers with one of the given codes. */
    static <T> T readOr(Supplier<T> read, T absent, String... codes) {
        try {
            return read.get();
        } catch (AwsServiceException e) {
            if (is(e, Set.of(codes))) {
                return absent;
            }
            throw e;
        }
    }

    /** Runs a change, treating the given codes as "already in the wanted state". */
    static void ignoring(Runnable change, String... codes) {
        readOr(() -> {
            change.run();
            return null;
        }, null, codes);
    }
}
