package dev.converge.approval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Map;
import java.util.TreeMap;

/** The stored form of approval records: JSON, sorted by id, one document per store. */
final class ApprovalJson {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private ApprovalJson() {}

    static String write(Map<String, ApprovalRecord> records) {
        try {
            return JSON.writeValueAsString(new TreeMap<>(records));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("approval records could not be written as JSON", e);
        }
    }

    static String writeOne(ApprovalRecord record) {
        try {
            return JSON.writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("approval " + record.id() + " could not be written as JSON", e);
        }
    }

    static Map<String, ApprovalRecord> read(String text, String where) {
        try {
            return new TreeMap<>(JSON.readValue(text, new TypeReference<Map<String, ApprovalRecord>>() {}));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the approvals in " + where + " are not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    static ApprovalRecord readOne(String text, String where) {
        try {
            return JSON.readValue(text, ApprovalRecord.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an approval in " + where + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }
}
