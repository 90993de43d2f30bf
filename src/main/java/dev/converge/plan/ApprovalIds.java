package dev.converge.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The approval id of a step: the first 12 hex digits of the SHA-256 of its canonical JSON, which holds
 * the environment, the resource, the step, the AWS object it acts on and every field's before and after
 * (sensitive ones as digests). Sets and maps are sorted, so the same change has the same id in any
 * process; any difference in what the step would do gives another id.
 */
public final class ApprovalIds {

    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();
    private static final int HEX_DIGITS = 12;

    private ApprovalIds() {}

    public static String of(String environment, Change change, Action step) {
        Map<String, Object> canonical = new LinkedHashMap<>();
        canonical.put("environment", environment);
        canonical.put("resource", change.key().toString());
        canonical.put("step", step.label());
        canonical.put("object", change.observed() == null ? null : change.observed().awsId());
        List<Object> fields = new ArrayList<>();
        for (FieldChange field : change.fields()) {
            Map<String, Object> entry = new TreeMap<>();
            entry.put("field", field.field());
            entry.put("before", canonical(field.shownBefore()));
            entry.put("after", canonical(field.shownAfter()));
            fields.add(entry);
        }
        canonical.put("fields", fields);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(CANONICAL.writeValueAsBytes(canonical));
            return HexFormat.of().formatHex(digest).substring(0, HEX_DIGITS);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot derive the approval id of " + change.key(), e);
        }
    }

    private static Object canonical(Object value) {
        if (value instanceof Set<?> set) {
            return set.stream().map(ApprovalIds::canonical).sorted((a, b) -> String.valueOf(a).compareTo(String.valueOf(b))).toList();
        }
        if (value instanceof Collection<?> list) {
            return list.stream().map(ApprovalIds::canonical).toList();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> sorted = new TreeMap<>();
            map.forEach((k, v) -> sorted.put(String.valueOf(k), canonical(v)));
            return sorted;
        }
        return PlanValues.plain(value);
    }
}
