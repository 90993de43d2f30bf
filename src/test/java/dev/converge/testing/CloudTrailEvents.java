package dev.converge.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.converge.aws.AwsClients;
import dev.converge.engine.events.CloudTrailEvent;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

/**
 * The events CloudTrail would send for calls made behind Converge's back: moto routes {@code PutEvents}
 * through rules to SQS targets but emits no CloudTrail events for API calls, so a test makes the change
 * with the SDK and then puts the event itself. An "AWS API Call via CloudTrail" event's {@code detail} is
 * shaped like the CloudTrail record of the call, with the fields AWS documents for EC2, S3 and Auto
 * Scaling records: {@code userIdentity}, {@code eventTime}, {@code eventSource}, {@code eventName},
 * {@code sourceIPAddress}, {@code requestParameters}, {@code responseElements}, {@code readOnly},
 * {@code managementEvent}.
 */
public final class CloudTrailEvents {

    public static final String ALICE = "arn:aws:iam::123456789012:user/alice";
    public static final String ALICE_IP = "203.0.113.7";
    public static final ObjectMapper JSON = new ObjectMapper();

    private CloudTrailEvents() {}

    /** The event of a call {@code caller} made from {@link #ALICE_IP}, as EventBridge receives it from CloudTrail. */
    public static PutEventsRequestEntry of(String service, String eventName, String caller, ObjectNode request, ObjectNode response) {
        ObjectNode detail = JSON.createObjectNode().put("eventVersion", "1.09");
        detail.putObject("userIdentity").put("type", caller.contains(":user/") ? "IAMUser" : "AssumedRole")
                .put("principalId", "AIDACKCEVSQ6C2EXAMPLE").put("arn", caller).put("accountId", "123456789012")
                .put("accessKeyId", "AKIAIOSFODNN7EXAMPLE");
        detail.put("eventTime", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())
                .put("eventSource", service + ".amazonaws.com")
                .put("eventName", eventName)
                .put("awsRegion", "us-east-1")
                .put("sourceIPAddress", ALICE_IP)
                .put("userAgent", "aws-cli/2.15.30 md/command#" + eventName);
        detail.set("requestParameters", request);
        detail.set("responseElements", response);
        detail.put("requestID", UUID.randomUUID().toString())
                .put("eventID", UUID.randomUUID().toString())
                .put("readOnly", false)
                .put("eventType", "AwsApiCall")
                .put("managementEvent", true)
                .put("recipientAccountId", "123456789012")
                .put("eventCategory", "Management");
        return PutEventsRequestEntry.builder().source("aws." + service).detailType(CloudTrailEvent.DETAIL_TYPE).detail(detail.toString()).build();
    }

    /** Alice's call naming one resource by the request field its CloudTrail record carries it in. */
    public static PutEventsRequestEntry byAlice(String service, String eventName, String field, String value) {
        return of(service, eventName, ALICE, JSON.createObjectNode().put(field, value), null);
    }

    /** Puts the event on the default bus of the clients' account and region; when it was put. */
    public static Instant put(AwsClients aws, PutEventsRequestEntry entry) {
        Instant sent = Instant.now();
        int failed = aws.events().putEvents(r -> r.entries(entry)).failedEntryCount();
        if (failed != 0) {
            throw new IllegalStateException("PutEvents refused the event: " + entry);
        }
        return sent;
    }

    /** An event as EventBridge delivers it to an SQS target: the entry's fields in its envelope, {@code detail} as an object. */
    public static String envelope(PutEventsRequestEntry entry) {
        ObjectNode envelope = JSON.createObjectNode().put("version", "0").put("id", UUID.randomUUID().toString())
                .put("detail-type", entry.detailType()).put("source", entry.source()).put("account", "123456789012")
                .put("time", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString()).put("region", "us-east-1");
        envelope.putArray("resources");
        try {
            envelope.set("detail", JSON.readTree(entry.detail()));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        return envelope.toString();
    }
}
