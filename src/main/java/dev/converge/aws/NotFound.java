package dev.converge.aws;

import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.sns.model.NotFoundException;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * "What the call names does not exist", in each service's words, which an idempotent driver takes as
 * "already in the wanted state" when it deletes and as "absent" when it reads. EC2 says
 * {@code InvalidVpcID.NotFound}, ELB {@code LoadBalancerNotFound}, RDS {@code DBClusterNotFoundFault},
 * Lambda and EventBridge {@code ResourceNotFoundException}; IAM, SNS and SQS have exception types of
 * their own.
 */
public final class NotFound {

    private NotFound() {}

    public static boolean is(AwsServiceException e) {
        if (e instanceof NoSuchEntityException || e instanceof NotFoundException || e instanceof QueueDoesNotExistException) {
            return true;
        }
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        return code != null && (code.endsWith("NotFound") || code.endsWith("NotFoundFault") || code.equals("ResourceNotFoundException"));
    }

    /** Reads something that may not exist, answering {@code absent} when AWS says it does not. */
    public static <T> T readOr(Supplier<T> read, T absent) {
        try {
            return read.get();
        } catch (AwsServiceException e) {
            if (!is(e)) {
                throw e;
            }
            return absent;
        }
    }

    /** Runs a delete (or the calls of one), treating "it is already gone" as done. */
    public static void ignoring(Runnable delete) {
        try {
            delete.run();
        } catch (AwsServiceException e) {
            if (!is(e)) {
                throw e;
            }
        }
    }
}
