package dev.converge.aws;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.HttpExecuteResponse;

/**
 * One HTTP response from AWS, classified for retrying. EC2 and S3 throttle with 503 or 400 and name the
 * cause only in the body, so an error response's body is read here and handed on to the SDK as a copy.
 *
 * @param errorCode the AWS error code of an error response, or null
 */
record HttpAttempt(HttpExecuteResponse response, String errorCode) {

    private static final Set<String> THROTTLING =
            Set.of("Throttling", "ThrottlingException", "RequestLimitExceeded", "SlowDown", "TooManyRequestsException");
    private static final Pattern XML_CODE = Pattern.compile("<Code>([^<]+)</Code>");
    private static final int TOO_MANY_REQUESTS = 429;
    private static final int NOT_IMPLEMENTED = 501;

    static HttpAttempt of(HttpExecuteResponse response) throws IOException {
        if (response.httpResponse().statusCode() < 400) {
            return new HttpAttempt(response, null);
        }
        byte[] body = readAll(response.responseBody());
        HttpExecuteResponse copy = HttpExecuteResponse.builder()
                .response(response.httpResponse())
                .responseBody(AbortableInputStream.create(new ByteArrayInputStream(body)))
                .build();
        return new HttpAttempt(copy, errorCode(response, body));
    }

    int status() {
        return response.httpResponse().statusCode();
    }

    boolean throttled() {
        return status() == TOO_MANY_REQUESTS || (errorCode != null && THROTTLING.contains(errorCode));
    }

    /** The service failed, rather than refused us: what opens a circuit breaker. */
    boolean serverFault() {
        return status() >= 500 && status() != NOT_IMPLEMENTED && !throttled();
    }

    /** Worth another attempt: never a client error other than throttling. */
    boolean retryable() {
        return throttled() || serverFault();
    }

    private static String errorCode(HttpExecuteResponse response, byte[] body) {
        Optional<String> jsonType = response.httpResponse().firstMatchingHeader("x-amzn-ErrorType");
        if (jsonType.isPresent()) {
            return jsonType.get().split(":", 2)[0];
        }
        Matcher xml = XML_CODE.matcher(new String(body, StandardCharsets.UTF_8));
        return xml.find() ? xml.group(1) : null;
    }

    private static byte[] readAll(Optional<AbortableInputStream> body) throws IOException {
        if (body.isEmpty()) {
            return new byte[0];
        }
        try (InputStream in = body.get()) {
            return in.readAllBytes();
        }
    }
}
