package dev.converge.engine.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.converge.engine.Attribution;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One "AWS API Call via CloudTrail" event as EventBridge delivers it to a queue: the envelope
 * ({@code id}, {@code source}, {@code time}) around the CloudTrail record in {@code detail}.
 *
 * @param service the IAM-style service of the call: {@code ec2} for {@code ec2.amazonaws.com}
 * @param detail the CloudTrail record: {@code requestParameters}, {@code responseElements} and the rest
 */
public record CloudTrailEvent(String id, String service, String eventName, Instant time, String identity, String sourceIp,
        JsonNode detail) {

    public static final String DETAIL_TYPE = "AWS API Call via CloudTrail";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The event a message carries; empty when it is not a CloudTrail API call event (a test message, garbage). */
    public static Optional<CloudTrailEvent> parse(String body) {
        JsonNode event;
        try {
            event = JSON.readTree(body);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (event == null || !DETAIL_TYPE.equals(event.path("detail-type").asText())) {
            return Optional.empty();
        }
        JsonNode detail = event.path("detail");
        String source = detail.path("eventSource").asText(event.path("source").asText().replaceFirst("^aws\\.", ""));
        String service = source.replaceFirst("\\.amazonaws\\.com$", "");
        return Optional.of(new CloudTrailEvent(event.path("id").asText(), service, detail.path("eventName").asText(),
                time(detail.path("eventTime").asText(event.path("time").asText())),
                detail.path("userIdentity").path("arn").asText(null), detail.path("sourceIPAddress").asText(null), detail));
    }

    private static Instant time(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return Instant.now();
        }
    }

    /** Every value of the named fields anywhere in the call's request and response. */
    public List<String> values(List<String> fields) {
        List<String> values = new ArrayList<>();
        for (JsonNode part : List.of(detail.path("requestParameters"), detail.path("responseElements"))) {
            if (part instanceof MissingNode || part.isNull()) {
                continue;
            }
            for (String field : fields) {
                part.findValues(field).forEach(v -> {
                    if (v.isTextual()) {
                        values.add(v.asText());
                    } else if (v.isArray()) {
                        v.forEach(e -> {
                            if (e.isTextual()) {
                                values.add(e.asText());
                            }
                        });
                    }
                });
            }
        }
        return values;
    }

    public Attribution attribution() {
        return new Attribution(identity, sourceIp, time, service + ":" + eventName);
    }
}
