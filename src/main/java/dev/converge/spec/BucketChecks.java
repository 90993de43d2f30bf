package dev.converge.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.converge.model.BucketSpec;
import dev.converge.model.BucketSpec.LifecycleRule;
import dev.converge.model.Resource;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Bucket checks. Bucket names are global in S3, so uniqueness spans every environment of the spec. */
final class BucketChecks {

    private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern IP_ADDRESS = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");
    private static final Set<String> ENCRYPTION_TYPES = Set.of("SSE-S3", "SSE-KMS", "AES256", "AWS:KMS");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Findings findings;
    private final Map<String, Declaration.OfResource> byBucketName = new HashMap<>();

    BucketChecks(Findings findings) {
        this.findings = findings;
    }

    void check(Declaration.OfResource declaration) {
        if (!(declaration.resource().spec() instanceof BucketSpec bucket)) {
            return;
        }
        DocumentSource source = declaration.source();
        name(bucket.bucketName(), declaration);
        encryption(bucket.encryption(), source);
        lifecycle(bucket.lifecycle(), source);
        if (bucket.policy() != null) {
            policy(bucket.policy(), source);
        }
    }

    private void name(String name, Declaration.OfResource declaration) {
        String pointer = namePointer(declaration.source());
        if (!BUCKET_NAME.matcher(name).matches() || name.contains("..") || IP_ADDRESS.matcher(name).matches()) {
            findings.at(declaration.source(), pointer, "'" + name + "' is not a valid S3 bucket name: 3-63 lowercase"
                    + " letters, digits, dots and hyphens, starting and ending with a letter or digit");
            return;
        }
        Declaration.OfResource first = byBucketName.putIfAbsent(name, declaration);
        if (first != null) {
            Resource other = first.resource();
            findings.at(declaration.source(), pointer, "bucket name '" + name + "' is already used by Bucket '"
                    + other.name() + "' in environment '" + other.environment() + "' ("
                    + Findings.where(first.source(), namePointer(first.source())) + "); bucket names are global");
        }
    }

    /** A bucket named by default carries its resource's name, so that is where a bad name is written. */
    private static String namePointer(DocumentSource source) {
        return source.declares("/spec/bucketName") ? "/spec/bucketName" : "/metadata/name";
    }

    private void encryption(BucketSpec.EncryptionSpec encryption, DocumentSource source) {
        if (encryption == null || encryption.type() == null) {
            return;
        }
        String type = encryption.type().trim().toUpperCase(Locale.ROOT);
        if (!ENCRYPTION_TYPES.contains(type)) {
            findings.at(source, "/spec/encryption/type", "unknown encryption type '" + encryption.type()
                    + "' (use SSE-S3 or SSE-KMS)");
        } else if (encryption.kmsKeyId() != null && !encryption.normalized().algorithm().equals(BucketSpec.Encryption.KMS)) {
            findings.at(source, "/spec/encryption/kmsKeyId", "a KMS key applies only to type SSE-KMS");
        }
    }

    private void lifecycle(List<LifecycleRule> rules, DocumentSource source) {
        if (rules == null) {
            return;
        }
        Set<String> ids = new HashSet<>();
        for (LifecycleRule rule : rules) {
            String pointer = rulePointer(rule, source);
            if (!ids.add(rule.id())) {
                findings.at(source, pointer + "/id", "lifecycle rule id '" + rule.id() + "' is used twice");
            }
            positive(rule.expirationDays(), source, pointer + "/expirationDays");
            positive(rule.noncurrentVersionExpirationDays(), source, pointer + "/noncurrentVersionExpirationDays");
            positive(rule.abortIncompleteMultipartUploadDays(), source, pointer + "/abortIncompleteMultipartUploadDays");
            for (int j = 0; j < rule.transitions().size(); j++) {
                findings.required(source, pointer + "/transitions/" + j + "/storageClass", rule.transitions().get(j).storageClass());
            }
        }
    }

    /**
     * BucketSpec keeps its rules sorted by id, so a rule's place in the file is found by its id; with
     * duplicate ids the first one written stands for both.
     */
    private static String rulePointer(LifecycleRule rule, DocumentSource source) {
        for (int i = 0; source.declares("/spec/lifecycle/" + i); i++) {
            String pointer = "/spec/lifecycle/" + i;
            if (rule.id().equals(source.tree().at(pointer + "/id").asText(null))) {
                return pointer;
            }
        }
        return "/spec/lifecycle";
    }

    private void positive(Integer days, DocumentSource source, String pointer) {
        if (days != null && days < 1) {
            findings.at(source, pointer, "must be at least 1 day, got " + days);
        }
    }

    private void policy(JsonNode policy, DocumentSource source) {
        JsonNode document = policy;
        if (policy.isTextual()) {
            try {
                document = JSON.readTree(policy.asText());
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                findings.at(source, "/spec/policy", "not valid JSON: " + e.getOriginalMessage());
                return;
            }
        }
        if (!document.isObject()) {
            findings.at(source, "/spec/policy", "a policy is a mapping (or a JSON string holding one)");
        }
    }
}
