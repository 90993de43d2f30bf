package dev.converge.aws.ec2;

import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Error codes that mean "already in the wanted state", which idempotent drivers treat as success. EC2
 * says {@code InvalidVpcID.NotFound}; RDS says {@code DBInstanceNotFound} or {@code DBClusterNotFoundFault}.
 */
public final class Ec2Errors {

    private Ec2Errors() {}

    public static boolean isNotFound(AwsServiceException e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        return code != null && (code.endsWith("NotFound") || code.endsWith("NotFoundFault"));
    }

    /** Reads something that may not exist, answering {@code absent} when AWS says it does not. */
    public static <T> T readOr(java.util.function.Supplier<T> read, T absent) {
        try {
            return read.get();
        } catch (AwsServiceException e) {
            if (!isNotFound(e)) {
                throw e;
            }
            return absent;
        }
    }

    /** Runs a delete, treating "it is already gone" as done. */
    public static void ignoringNotFound(Runnable delete) {
        try {
            delete.run();
        } catch (AwsServiceException e) {
            if (!isNotFound(e)) {
                throw e;
            }
        }
    }
}
