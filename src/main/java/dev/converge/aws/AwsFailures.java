package dev.converge.aws;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Failures as people read them in logs, pass reports, the status API and {@code apply}'s output: the AWS
 * call that failed, AWS's error code and message and the request id to quote to AWS support, and the
 * causes below. Never an error body as AWS (or an emulator, or a proxy) sent it: those can be HTML or
 * XML pages.
 */
public final class AwsFailures {

    /** Longest AWS error message kept; AWS's own are far shorter, a stray page is not. */
    private static final int MAX_MESSAGE = 500;
    private static final int MAX_CAUSES = 5;

    private AwsFailures() {}

    /**
     * A failure in one line with its causes, outermost first, each said once: {@code could not create
     * Vpc/main: Ec2 CreateVpc: InvalidParameterValue: … (HTTP 400, request id 3f1c…)}.
     */
    public static String describe(Throwable failure) {
        List<String> parts = new ArrayList<>();
        for (Throwable t = failure; t != null && parts.size() < MAX_CAUSES; t = t.getCause()) {
            String text = t instanceof AwsServiceException aws ? service(aws, aws.rawMessage()) : message(t);
            if (parts.stream().noneMatch(p -> p.contains(text))) {
                parts.add(text);
            }
            if (t instanceof AwsServiceException) {
                break; // below AWS's answer there is only the SDK's plumbing
            }
        }
        return String.join(": ", parts);
    }

    /**
     * The same failure, of the same type and with the same cause (drivers branch on both), whose message
     * starts with the call that failed: {@code Ec2 CreateVpc: …}, {@code S3 PutBucketPolicy: …}. A timeout
     * or a connection failure otherwise says nothing about what it interrupted.
     */
    static Throwable naming(Throwable failure, String service, String operation) {
        String call = service + " " + operation;
        if (!(failure instanceof SdkException sdk) || String.valueOf(sdk.rawMessage()).startsWith(call + ":")) {
            return failure;
        }
        SdkException named = sdk instanceof AwsServiceException aws
                ? aws.toBuilder().message(call + ": " + errorText(aws)).build()
                : sdk.toBuilder().message(call + ": " + message(sdk)).build();
        named.setStackTrace(sdk.getStackTrace());
        return named;
    }

    /** AWS's answer: what {@code text} says (or AWS's code and message), the HTTP status and the request id. */
    private static String service(AwsServiceException aws, String text) {
        StringBuilder out = new StringBuilder(text == null || text.isBlank() ? errorText(aws) : clean(text));
        out.append(" (HTTP ").append(aws.statusCode());
        if (aws.requestId() != null && !aws.requestId().isBlank()) {
            out.append(", request id ").append(aws.requestId());
        }
        return out.append(')').toString();
    }

    /** {@code Code: message}, or what there is of it. */
    private static String errorText(AwsServiceException aws) {
        AwsErrorDetails details = aws.awsErrorDetails();
        String code = details == null ? null : details.errorCode();
        String message = clean(details == null ? aws.rawMessage() : details.errorMessage());
        if (code == null || code.isBlank()) {
            return message.isEmpty() ? "an error without code or message" : message;
        }
        return message.isEmpty() ? code : code + ": " + message;
    }

    private static String message(Throwable t) {
        String message = t instanceof SdkException sdk ? sdk.rawMessage() : t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName() : clean(message);
    }

    /** One line; an answer that is markup rather than an error message is left out. */
    private static String clean(String text) {
        if (text == null) {
            return "";
        }
        String line = text.strip().replaceAll("\\s+", " ");
        if (line.startsWith("<")) {
            return "an answer that is not an AWS error document";
        }
        return line.length() <= MAX_MESSAGE ? line : line.substring(0, MAX_MESSAGE) + "…";
    }
}
