package dev.converge.engine;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Who made the change that revealed a resource's drift, as the CloudTrail event of the call says.
 *
 * @param identity the caller's {@code userIdentity} ARN
 * @param sourceIp the {@code sourceIPAddress} the call came from
 * @param time the {@code eventTime} of the call
 * @param event the API call, {@code <service>:<eventName>} as CloudTrail names it
 */
public record Attribution(String identity, String sourceIp, Instant time, String event) {

    /** For plans and the status API: "changed by arn:… from 203.0.113.7 at 2026-12-01T10:41:07Z (ec2:AuthorizeSecurityGroupIngress)". */
    public String note() {
        return "changed by " + identity + " from " + sourceIp + " at " + time + " (" + event + ")";
    }

    /** For the audit line. */
    public Map<String, String> fields() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("identity", identity);
        fields.put("sourceIp", sourceIp);
        fields.put("time", String.valueOf(time));
        fields.put("event", event);
        return fields;
    }
}
