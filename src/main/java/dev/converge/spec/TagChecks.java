package dev.converge.spec;

import dev.converge.model.Environment;
import dev.converge.model.Ownership;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Tags as AWS takes them: EC2 and S3 allow 50 per resource, keys of up to 128 and values of up to 256
 * characters, and Converge adds its ownership tags to the environment's and the resource's own. Keys
 * Converge writes itself, or AWS reserves, would be silently overwritten or rejected; AWS reserves
 * {@code aws:} in any letter case.
 */
final class TagChecks {

    private static final int MAX_TAGS = 50;
    private static final int MAX_KEY_LENGTH = 128;
    private static final int MAX_VALUE_LENGTH = 256;
    private static final List<String> RESERVED_PREFIXES = List.of("aws:", "converge:");

    private final Findings findings;

    TagChecks(Findings findings) {
        this.findings = findings;
    }

    void environment(Environment environment, DocumentSource source) {
        each(environment.tags(), source);
        count(environment.tags().size(), source, "");
    }

    /** A resource's tags; its environment's, if the environment is declared, count towards the limit. */
    void resource(Map<String, String> tags, Map<String, String> environmentTags, DocumentSource source) {
        each(tags, source);
        if (!tags.isEmpty() && environmentTags.size() + Ownership.KEYS.size() <= MAX_TAGS) {
            Set<String> merged = new HashSet<>(environmentTags.keySet());
            merged.addAll(tags.keySet());
            count(merged.size(), source, environmentTags.isEmpty() ? "" : " (with the environment's)");
        }
    }

    private void each(Map<String, String> tags, DocumentSource source) {
        tags.forEach((key, value) -> {
            String pointer = "/spec/tags/" + DocumentSource.segment(key);
            if (key.equals(Ownership.NAME)) {
                findings.at(source, pointer, "the Name tag is set from metadata.name");
            } else if (RESERVED_PREFIXES.stream().anyMatch(key.toLowerCase(Locale.ROOT)::startsWith)) {
                findings.at(source, pointer, "tag keys starting with " + String.join(" or ", RESERVED_PREFIXES)
                        + " (in any letter case) are reserved");
            } else if (key.codePointCount(0, key.length()) > MAX_KEY_LENGTH) {
                findings.at(source, pointer, "tag key is longer than AWS's limit of " + MAX_KEY_LENGTH + " characters");
            } else if (value.codePointCount(0, value.length()) > MAX_VALUE_LENGTH) {
                findings.at(source, pointer, "tag value is longer than AWS's limit of " + MAX_VALUE_LENGTH + " characters");
            }
        });
    }

    private void count(int tags, DocumentSource source, String merged) {
        if (tags + Ownership.KEYS.size() > MAX_TAGS) {
            findings.at(source, "/spec/tags", tags + " tags" + merged + " and Converge's " + Ownership.KEYS.size()
                    + " ownership tags exceed AWS's limit of " + MAX_TAGS + " tags per resource");
        }
    }
}
