package dev.converge.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.converge.model.BucketSpec;
import dev.converge.model.BucketSpec.LifecycleRule;
import dev.converge.model.BucketSpec.Transition;
import dev.converge.model.Resource;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Bucket checks. Bucket names are global in S3, so uniqueness spans every environment of the spec. */
final class BucketChecks {

    private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern IP_ADDRESS = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A KMS key as S3 takes it: key id, multi-Region key id, alias, or the ARN of a key or an alias. */
    private static final Pattern KMS_KEY = Pattern.compile(
            "(mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|alias/[\\w/-]+)"
                    + "|arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:(key/(mrk-[0-9a-f]{32}|[0-9a-f-]{36})|alias/[\\w/-]+)");
    /**
     * S3's storage classes in the order lifecycle rules may move objects through them, with the days an
     * object must be old before moving to each (S3 refuses fewer).
     */
    private static final Map<String, Integer> STORAGE_CLASSES = storageClasses();
    /** Objects stay this long in an infrequent-access class before S3 lets a rule move them on. */
    private static final int INFREQUENT_ACCESS_STAY = 30;
    private static final Set<String> INFREQUENT_ACCESS = Set.of("STANDARD_IA", "ONEZONE_IA");

    private final Findings findings;
    private final BucketPolicyChecks policies;
    private final Map<String, Declaration.OfResource> byBucketName = new HashMap<>();

    BucketChecks(Findings findings) {
        this.findings = findings;
        this.policies = new BucketPolicyChecks(findings);
    }

    private static Map<String, Integer> storageClasses() {
        Map<String, Integer> classes = new LinkedHashMap<>();
        classes.put("STANDARD_IA", 30);
        classes.put("INTELLIGENT_TIERING", 0);
        classes.put("ONEZONE_IA", 30);
        classes.put("GLACIER_IR", 0);
        classes.put("GLACIER", 0);
        classes.put("DEEP_ARCHIVE", 0);
        return Collections.unmodifiableMap(classes);
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
            policy(bucket.policy(), bucket.bucketName(), source);
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
        return source.declares("/spec/" + BucketSpec.BUCKET_NAME) ? "/spec/" + BucketSpec.BUCKET_NAME : "/metadata/name";
    }

    private void encryption(BucketSpec.EncryptionSpec encryption, DocumentSource source) {
        if (encryption == null || encryption.type() == null) {
            return;
        }
        String type = encryption.type().trim().toUpperCase(Locale.ROOT);
        if (!BucketSpec.EncryptionSpec.ALGORITHMS.containsKey(type)) {
            findings.at(source, "/spec/" + BucketSpec.ENCRYPTION + "/type", "unknown encryption type '" + encryption.type()
                    + "' (use SSE-S3, SSE-KMS or DSSE-KMS)");
        } else if (encryption.kmsKeyId() != null && encryption.normalized().algorithm().equals(BucketSpec.Encryption.AES256)) {
            findings.at(source, "/spec/" + BucketSpec.ENCRYPTION + "/kmsKeyId", "a KMS key applies only to types SSE-KMS and DSSE-KMS");
        } else if (encryption.kmsKeyId() != null && !KMS_KEY.matcher(encryption.kmsKeyId()).matches()) {
            findings.at(source, "/spec/" + BucketSpec.ENCRYPTION + "/kmsKeyId", "'" + encryption.kmsKeyId() + "' is not a KMS key: use its id,"
                    + " an alias (alias/<name>) or the ARN of either (arn:aws:kms:<region>:<account>:key/<id>)");
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
            if (rule.expirationDays() == null && rule.noncurrentVersionExpirationDays() == null
                    && rule.abortIncompleteMultipartUploadDays() == null && rule.transitions().isEmpty()) {
                findings.at(source, pointer, "a lifecycle rule needs at least one action: expirationDays,"
                        + " noncurrentVersionExpirationDays, abortIncompleteMultipartUploadDays or transitions");
            }
            transitions(rule, source, pointer);
        }
    }

    /** Transitions (sorted by days) must follow S3's order of classes and wait each class's minimum. */
    private void transitions(LifecycleRule rule, DocumentSource source, String pointer) {
        int rank = -1;
        Transition previous = null;
        for (Transition transition : rule.transitions()) {
            String at = transitionPointer(transition, source, pointer);
            if (!findings.required(source, at + "/storageClass", transition.storageClass())) {
                return;
            }
            String storageClass = transition.storageClass();
            Integer minimum = STORAGE_CLASSES.get(storageClass);
            List<String> classes = List.copyOf(STORAGE_CLASSES.keySet());
            if (minimum == null) {
                findings.at(source, at + "/storageClass", "'" + storageClass + "' is not a storage class lifecycle rules"
                        + " move objects to (use " + String.join(", ", classes) + ")");
                return;
            }
            if (transition.days() < minimum) {
                findings.at(source, at + "/days", "S3 moves objects to " + storageClass + " after at least " + minimum
                        + " days, got " + transition.days());
            } else if (classes.indexOf(storageClass) <= rank) {
                findings.at(source, at + "/storageClass", "objects cannot move from " + previous.storageClass() + " to "
                        + storageClass + "; S3's order is " + String.join(", ", classes));
            } else if (previous != null && INFREQUENT_ACCESS.contains(previous.storageClass())
                    && transition.days() < previous.days() + INFREQUENT_ACCESS_STAY) {
                findings.at(source, at + "/days", "objects stay at least " + INFREQUENT_ACCESS_STAY + " days in "
                        + previous.storageClass() + " (from day " + previous.days() + "); move them on day "
                        + (previous.days() + INFREQUENT_ACCESS_STAY) + " or later");
            }
            rank = Math.max(rank, classes.indexOf(storageClass));
            previous = transition;
        }
        if (previous != null && rule.expirationDays() != null && rule.expirationDays() <= previous.days()) {
            findings.at(source, pointer + "/expirationDays", "objects expire on day " + rule.expirationDays()
                    + ", not after their last transition on day " + previous.days() + "; S3 needs expiration later");
        }
    }

    /** Transitions are kept sorted by days; the one written first with the same days and class is where it is. */
    private static String transitionPointer(Transition transition, DocumentSource source, String rule) {
        for (int j = 0; source.declares(rule + "/transitions/" + j); j++) {
            JsonNode written = source.tree().at(rule + "/transitions/" + j);
            if (written.path("days").asInt() == transition.days()
                    && written.path("storageClass").asText("").equals(String.valueOf(transition.storageClass()))) {
                return rule + "/transitions/" + j;
            }
        }
        return rule + "/transitions";
    }

    /**
     * BucketSpec keeps its rules sorted by id, so a rule's place in the file is found by its id; with
     * duplicate ids the first one written stands for both.
     */
    private static String rulePointer(LifecycleRule rule, DocumentSource source) {
        for (int i = 0; source.declares("/spec/" + BucketSpec.LIFECYCLE + "/" + i); i++) {
            String pointer = "/spec/" + BucketSpec.LIFECYCLE + "/" + i;
            if (rule.id().equals(source.tree().at(pointer + "/id").asText(null))) {
                return pointer;
            }
        }
        return "/spec/" + BucketSpec.LIFECYCLE;
    }

    private void positive(Integer days, DocumentSource source, String pointer) {
        if (days != null && days < 1) {
            findings.at(source, pointer, "must be at least 1 day, got " + days);
        }
    }

    private void policy(JsonNode policy, String bucket, DocumentSource source) {
        JsonNode document = policy;
        if (policy.isTextual()) {
            try {
                document = JSON.readTree(policy.asText());
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                findings.at(source, "/spec/" + BucketSpec.POLICY, "not valid JSON: " + e.getOriginalMessage());
                return;
            }
        }
        if (!document.isObject()) {
            findings.at(source, "/spec/" + BucketSpec.POLICY, "a policy is a mapping (or a JSON string holding one)");
        } else {
            policies.check(document, bucket, source);
        }
    }
}
