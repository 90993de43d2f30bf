package dev.converge.spec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.converge.model.BucketSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shape S3 requires of a bucket policy, as the IAM policy grammar and S3's documentation give it:
 * statements with an effect of Allow or Deny, a principal, actions and resources, where every resource
 * is this bucket or objects in it. S3 refuses any other policy with "MalformedPolicy".
 */
final class BucketPolicyChecks {

    private static final Set<String> VERSIONS = Set.of("2012-10-17", "2008-10-17");
    private static final Set<String> EFFECTS = Set.of("Allow", "Deny");
    private static final Pattern S3_ARN = Pattern.compile("arn:aws[a-z-]*:s3:::([^/]+)(/.*)?");

    private final Findings findings;

    BucketPolicyChecks(Findings findings) {
        this.findings = findings;
    }

    /** Checks a policy document (already a mapping) of the named bucket; pointers start at {@code /spec/policy}. */
    void check(JsonNode policy, String bucket, DocumentSource source) {
        String pointer = "/spec/" + BucketSpec.POLICY;
        JsonNode version = policy.path("Version");
        if (!version.isMissingNode() && !VERSIONS.contains(version.asText())) {
            findings.at(source, pointer + "/Version", "'" + version.asText() + "' is not a policy language version (use 2012-10-17)");
        }
        JsonNode statements = policy.path("Statement");
        if (statements.isMissingNode() || statements.isNull() || statements.isArray() && statements.isEmpty()) {
            findings.at(source, pointer, "a policy needs a Statement list with at least one statement");
            return;
        }
        if (statements.isObject()) {
            statement(statements, bucket, source, pointer + "/Statement");
            return;
        }
        if (!statements.isArray()) {
            findings.at(source, pointer + "/Statement", "Statement is a list of statements (mappings)");
            return;
        }
        for (int i = 0; i < statements.size(); i++) {
            statement(statements.get(i), bucket, source, pointer + "/Statement/" + i);
        }
    }

    private void statement(JsonNode statement, String bucket, DocumentSource source, String pointer) {
        if (!statement.isObject()) {
            findings.at(source, pointer, "a statement is a mapping with Effect, Principal, Action and Resource");
            return;
        }
        JsonNode effect = statement.path("Effect");
        if (effect.isMissingNode()) {
            findings.at(source, pointer, "a statement needs Effect: Allow or Deny");
        } else if (!EFFECTS.contains(effect.asText())) {
            findings.at(source, pointer + "/Effect", "'" + effect.asText() + "' is not an effect (use Allow or Deny, as written)");
        }
        either(statement, "Principal", "NotPrincipal", "who the statement applies to", source, pointer);
        either(statement, "Action", "NotAction", "the actions it allows or denies", source, pointer);
        if (either(statement, "Resource", "NotResource", "the bucket or its objects", source, pointer)) {
            String field = statement.has("Resource") ? "Resource" : "NotResource";
            resources(statement.get(field), bucket, source, pointer + "/" + field);
        }
    }

    /** @return whether exactly one of the two fields is there */
    private boolean either(JsonNode statement, String field, String negated, String what, DocumentSource source, String pointer) {
        boolean has = statement.has(field);
        boolean hasNegated = statement.has(negated);
        if (has && hasNegated) {
            findings.at(source, pointer + "/" + negated, "a statement has " + field + " or " + negated + ", not both");
        } else if (!has && !hasNegated) {
            findings.at(source, pointer, "a statement needs " + field + " (or " + negated + "): " + what);
        }
        return has != hasNegated;
    }

    private void resources(JsonNode resources, String bucket, DocumentSource source, String pointer) {
        List<JsonNode> each = new ArrayList<>();
        List<String> pointers = new ArrayList<>();
        if (resources.isArray()) {
            for (int i = 0; i < resources.size(); i++) {
                each.add(resources.get(i));
                pointers.add(pointer + "/" + i);
            }
        } else {
            each.add(resources);
            pointers.add(pointer);
        }
        for (int i = 0; i < each.size(); i++) {
            String resource = each.get(i).isTextual() ? each.get(i).asText() : each.get(i).toString();
            Matcher arn = S3_ARN.matcher(resource);
            if (!arn.matches() || !glob(arn.group(1)).matcher(bucket).matches()) {
                findings.at(source, pointers.get(i), "'" + resource + "' is not this bucket or its objects; a bucket policy's"
                        + " resources are arn:aws:s3:::" + bucket + " and arn:aws:s3:::" + bucket + "/<key or *>");
            }
        }
    }

    /** IAM's wildcards: {@code *} for any characters, {@code ?} for one. */
    private static Pattern glob(String text) {
        StringBuilder regex = new StringBuilder();
        for (char c : text.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString());
    }
}
