package dev.converge.aws.s3;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.converge.engine.Outcome;
import dev.converge.engine.PassReport;
import dev.converge.model.BucketSpec;
import dev.converge.model.BucketSpec.EncryptionSpec;
import dev.converge.model.BucketSpec.LifecycleRule;
import dev.converge.model.BucketSpec.PublicAccessBlock;
import dev.converge.model.BucketSpec.Transition;
import dev.converge.model.Environment;
import dev.converge.model.Management;
import dev.converge.model.Mode;
import dev.converge.model.Resource;
import dev.converge.model.ResourceKey;
import dev.converge.plan.Action;
import dev.converge.plan.Change;
import dev.converge.plan.FieldChange;
import dev.converge.testing.Harness;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionRule;
import software.amazon.awssdk.services.s3.model.Tag;

class BucketDriverIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KMS_KEY = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555";

    private final Harness harness = new Harness();
    private final Environment env = Harness.environment("it", Mode.ENFORCE);
    private final String uploadsName = uniqueName("uploads");
    private final String backupsName = uniqueName("backups");
    private final Resource uploads = bucket("uploads", uploadsSpec(uploadsName));
    private final Resource backups = bucket("backups", new BucketSpec(backupsName, true,
            new EncryptionSpec("SSE-KMS", KMS_KEY, true), new PublicAccessBlock(null, null, null, null),
            null, null, Map.of(), Management.DEFAULT));

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void firstPass_createsBucketsWithEveryDeclaredProperty() {
        PassReport report = harness.pass(env, List.of(uploads, backups));

        assertThat(report.success()).as(report.toString()).isTrue();
        S3Client s3 = s3();
        assertThat(s3.getBucketVersioning(r -> r.bucket(uploadsName)).status()).isEqualTo(BucketVersioningStatus.ENABLED);
        ServerSideEncryptionRule sseS3 = encryptionRule(uploadsName);
        assertThat(sseS3.applyServerSideEncryptionByDefault().sseAlgorithmAsString()).isEqualTo("AES256");
        assertThat(sseS3.applyServerSideEncryptionByDefault().kmsMasterKeyID()).isNull();
        assertThat(publicAccessBlock(uploadsName)).isEqualTo(PublicAccessBlockConfiguration.builder()
                .blockPublicAcls(true).ignorePublicAcls(true).blockPublicPolicy(true).restrictPublicBuckets(false).build());
        assertThat(BucketSpec.canonicalPolicy(s3.getBucketPolicy(r -> r.bucket(uploadsName)).policy()))
                .isEqualTo(BucketSpec.canonicalPolicy(policy(uploadsName)));
        assertThat(tags(uploadsName))
                .containsEntry("converge:managed-by", Harness.CONTROLLER)
                .containsEntry("converge:environment", "it")
                .containsEntry("converge:resource", "Bucket/uploads")
                .containsEntry("Name", "uploads")
                .containsEntry("team", "platform")
                .containsEntry("asset-class", "user-uploads");

        var rules = s3.getBucketLifecycleConfiguration(r -> r.bucket(uploadsName)).rules();
        assertThat(rules).hasSize(2);
        var archive = rules.stream().filter(r -> r.id().equals("archive")).findFirst().orElseThrow();
        assertThat(archive.filter().prefix()).isEqualTo("originals/");
        assertThat(archive.status()).isEqualTo(ExpirationStatus.ENABLED);
        assertThat(archive.expiration().days()).isEqualTo(365);
        assertThat(archive.transitions()).extracting(t -> t.days() + ":" + t.storageClassAsString())
                .containsExactlyInAnyOrder("30:STANDARD_IA", "90:GLACIER");
        var cleanup = rules.stream().filter(r -> r.id().equals("cleanup")).findFirst().orElseThrow();
        assertThat(cleanup.status()).isEqualTo(ExpirationStatus.DISABLED);
        assertThat(cleanup.noncurrentVersionExpiration().noncurrentDays()).isEqualTo(30);
        assertThat(cleanup.abortIncompleteMultipartUpload().daysAfterInitiation()).isEqualTo(7);

        ServerSideEncryptionRule sseKms = encryptionRule(backupsName);
        assertThat(sseKms.applyServerSideEncryptionByDefault().sseAlgorithmAsString()).isEqualTo("aws:kms");
        assertThat(sseKms.applyServerSideEncryptionByDefault().kmsMasterKeyID()).isEqualTo(KMS_KEY);
        assertThat(sseKms.bucketKeyEnabled()).isTrue();
        assertThat(publicAccessBlock(backupsName)).isEqualTo(PublicAccessBlockConfiguration.builder()
                .blockPublicAcls(true).ignorePublicAcls(true).blockPublicPolicy(true).restrictPublicBuckets(true).build());
        assertThat(tags(backupsName)).containsEntry("converge:resource", "Bucket/backups");
    }

    @Test
    void secondPass_whenNothingDrifted_makesNoMutatingCall() {
        harness.pass(env, List.of(uploads, backups));
        long mutationsAfterFirst = harness.mutatingCalls();

        PassReport second = harness.pass(env, List.of(uploads, backups));

        assertThat(second.success()).as(second.toString()).isTrue();
        assertThat(second.detected().isEmpty()).as(second.detected().toString()).isTrue();
        assertThat(harness.mutatingCalls()).isEqualTo(mutationsAfterFirst);
    }

    @Test
    void nextPass_undoesOutOfBandDrift_andReportsItFieldByField() {
        harness.pass(env, List.of(uploads, backups));
        makeDrift();

        PassReport report = harness.pass(env, List.of(uploads, backups));

        assertThat(report.success()).as(report.toString()).isTrue();
        assertThat(changedFields(report, "uploads"))
                .containsExactlyInAnyOrder("versioning", "encryption", "publicAccessBlock", "lifecycle", "tags");
        assertThat(changedFields(report, "backups")).containsExactly("encryption");
        FieldChange tagChange = field(report, "uploads", "tags");
        assertThat(tagChange.after()).isEqualTo(Map.of("team", "platform"));

        S3Client s3 = s3();
        assertThat(s3.getBucketVersioning(r -> r.bucket(uploadsName)).status()).isEqualTo(BucketVersioningStatus.ENABLED);
        assertThat(encryptionRule(uploadsName).applyServerSideEncryptionByDefault().sseAlgorithmAsString()).isEqualTo("AES256");
        assertThat(publicAccessBlock(uploadsName).blockPublicAcls()).isTrue();
        assertThat(s3.getBucketLifecycleConfiguration(r -> r.bucket(uploadsName)).rules()).hasSize(2);
        assertThat(tags(uploadsName)).containsEntry("team", "platform").containsEntry("cost-center", "added-by-hand");
        assertThat(encryptionRule(backupsName).applyServerSideEncryptionByDefault().kmsMasterKeyID()).isEqualTo(KMS_KEY);

        long mutationsAfterRepair = harness.mutatingCalls();
        assertThat(harness.pass(env, List.of(uploads, backups)).detected().isEmpty()).isTrue();
        assertThat(harness.mutatingCalls()).isEqualTo(mutationsAfterRepair);
    }

    @Test
    void observeMode_reportsDrift_leavesItInPlace_andMakesNoMutatingCall() {
        harness.pass(env, List.of(uploads, backups));
        makeDrift();
        long mutationsBefore = harness.mutatingCalls();

        PassReport report = harness.pass(Harness.environment("it", Mode.OBSERVE), List.of(uploads, backups));

        assertThat(report.outcomes()).isEmpty();
        assertThat(harness.mutatingCalls()).isEqualTo(mutationsBefore);
        assertThat(changedFields(report, "uploads"))
                .containsExactlyInAnyOrder("versioning", "encryption", "publicAccessBlock", "lifecycle", "tags");
        assertThat(changedFields(report, "backups")).containsExactly("encryption");
        S3Client s3 = s3();
        assertThat(s3.getBucketVersioning(r -> r.bucket(uploadsName)).status()).isEqualTo(BucketVersioningStatus.SUSPENDED);
        assertThat(encryptionRule(uploadsName).applyServerSideEncryptionByDefault().sseAlgorithmAsString()).isEqualTo("aws:kms");
        assertThat(tags(uploadsName)).doesNotContainKey("team");
        assertAbsent(() -> s3.getPublicAccessBlock(r -> r.bucket(uploadsName)), "NoSuchPublicAccessBlockConfiguration");
        assertAbsent(() -> s3.getBucketLifecycleConfiguration(r -> r.bucket(uploadsName)), "NoSuchLifecycleConfiguration");
        assertAbsent(() -> s3.getBucketEncryption(r -> r.bucket(backupsName)), "ServerSideEncryptionConfigurationNotFoundError");
    }

    @Test
    void bucketWithDeclaredNameButWithoutOurTags_isReportedAsConflict_andNeverChanged() {
        S3Client s3 = s3();
        s3.createBucket(r -> r.bucket(uploadsName));
        s3.putBucketTagging(r -> r.bucket(uploadsName).tagging(t -> t.tagSet(tag("owner", "someone-else"))));

        PassReport report = harness.pass(env, List.of(uploads));

        assertThat(report.detected().changes()).singleElement().satisfies(c -> {
            assertThat(c.action()).isEqualTo(Action.CONFLICT);
            assertThat(c.observed().awsId()).isEqualTo(uploadsName);
        });
        assertThat(report.outcomes()).isEmpty();
        assertThat(harness.mutatingCalls()).isZero();
        assertThat(s3.getBucketVersioning(r -> r.bucket(uploadsName)).status()).isNull();
        assertThat(tags(uploadsName)).isEqualTo(Map.of("owner", "someone-else"));
        assertAbsent(() -> s3.getBucketEncryption(r -> r.bucket(uploadsName)), "ServerSideEncryptionConfigurationNotFoundError");
        assertAbsent(() -> s3.getPublicAccessBlock(r -> r.bucket(uploadsName)), "NoSuchPublicAccessBlockConfiguration");
        assertAbsent(() -> s3.getBucketPolicy(r -> r.bucket(uploadsName)), "NoSuchBucketPolicy");
    }

    @Test
    void untaggedBucketAsCreateBucketLeavesIt_isAdopted_taggedAndConfigured() {
        // What a Converge killed between CreateBucket and PutBucketTagging leaves where the create call's tags are ignored.
        s3().createBucket(r -> r.bucket(uploadsName));

        PassReport report = harness.pass(env, List.of(uploads));

        assertThat(report.success()).as(report.toString()).isTrue();
        assertThat(report.detected().changes()).singleElement()
                .satisfies(c -> assertThat(c.action()).isEqualTo(Action.UPDATE));
        assertThat(tags(uploadsName)).containsEntry("converge:resource", "Bucket/uploads").containsEntry("Name", "uploads");
        assertThat(s3().getBucketVersioning(r -> r.bucket(uploadsName)).status()).isEqualTo(BucketVersioningStatus.ENABLED);
        assertThat(bucketNames()).containsOnlyOnce(uploadsName);
        assertThat(harness.pass(env, List.of(uploads)).detected().changes()).isEmpty();
    }

    @Test
    void untaggedBucketHoldingAnObjectOrAnyConfiguration_isAConflict_andNeverChanged() {
        S3Client s3 = s3();
        s3.createBucket(r -> r.bucket(uploadsName));
        s3.putObject(r -> r.bucket(uploadsName).key("someone/else.txt"), RequestBody.fromString("data"));
        s3.createBucket(r -> r.bucket(backupsName));
        s3.putBucketVersioning(r -> r.bucket(backupsName).versioningConfiguration(v -> v.status(BucketVersioningStatus.SUSPENDED)));

        PassReport report = harness.pass(env, List.of(uploads, backups));

        assertThat(report.detected().changes()).extracting(Change::action).containsExactly(Action.CONFLICT, Action.CONFLICT);
        assertThat(harness.mutatingCalls()).isZero();
        assertAbsent(() -> s3.getBucketTagging(r -> r.bucket(uploadsName)), "NoSuchTagSet");
        assertAbsent(() -> s3.getBucketTagging(r -> r.bucket(backupsName)), "NoSuchTagSet");
        assertThat(s3.getBucketVersioning(r -> r.bucket(backupsName)).status()).isEqualTo(BucketVersioningStatus.SUSPENDED);
    }

    @Test
    void aCopyOfAManagedBucketUnderAnotherName_isFoundByItsTags_andBothAreAConflict() {
        harness.pass(env, List.of(uploads));
        String copy = uniqueName("uploads-copy");
        S3Client s3 = s3();
        s3.createBucket(r -> r.bucket(copy));
        s3.putBucketTagging(r -> r.bucket(copy).tagging(t -> t.tagSet(
                tags(uploadsName).entrySet().stream().map(e -> tag(e.getKey(), e.getValue())).toList())));
        long mutationsBefore = harness.mutatingCalls();

        PassReport report = harness.pass(env, List.of(uploads));

        // the copy holds no declared name: only the tagging API's listing can find it
        assertThat(report.detected().changes()).singleElement().satisfies(c -> {
            assertThat(c.action()).isEqualTo(Action.CONFLICT);
            assertThat(c.note()).contains(uploadsName, copy);
        });
        assertThat(harness.mutatingCalls()).isEqualTo(mutationsBefore);
    }

    @Test
    void bucketOfAnotherEnvironmentWithDeclaredName_isReportedAsConflict() {
        harness.pass(Harness.environment("staging", Mode.ENFORCE), List.of(backups));
        long mutationsBefore = harness.mutatingCalls();

        PassReport report = harness.pass(env, List.of(backups));

        assertThat(report.detected().changes()).singleElement()
                .satisfies(c -> assertThat(c.action()).isEqualTo(Action.CONFLICT));
        assertThat(harness.mutatingCalls()).isEqualTo(mutationsBefore);
        assertThat(tags(backupsName)).containsEntry("converge:environment", "staging");
    }

    @Test
    void bucketRemovedFromSpec_withPrune_isDeletedWhenEmpty_andKeptWhenItHoldsObjects() {
        Environment pruning = Harness.pruning(env);
        harness.pass(pruning, List.of(uploads, backups));
        s3().putObject(r -> r.bucket(backupsName).key("db/dump.sql"), RequestBody.fromString("data"));

        PassReport report = harness.pass(pruning, List.of());

        assertThat(report.detected().changes()).extracting(Change::action).containsOnly(Action.DELETE).hasSize(2);
        assertThat(bucketNames()).doesNotContain(uploadsName).contains(backupsName);
        // The empty bucket's delete succeeds, so the pass re-plans and is refused again: each refusal is reported.
        assertThat(report.outcomes()).filteredOn(o -> o.result() == Outcome.Result.ERROR).isNotEmpty().allSatisfy(o -> {
            assertThat(o.change().key().name()).isEqualTo("backups");
            assertThat(o.error()).isEqualTo("bucket " + backupsName + " holds objects; Converge never deletes data");
        });
        assertThat(s3().getObjectAsBytes(r -> r.bucket(backupsName).key("db/dump.sql")).asUtf8String()).isEqualTo("data");
    }

    @Test
    void bucketRemovedFromSpec_withoutPrune_isReportedAsOrphan_andKept() {
        harness.pass(env, List.of(uploads, backups));
        long mutationsBefore = harness.mutatingCalls();

        PassReport report = harness.pass(env, List.of(uploads));

        assertThat(report.detected().changes()).singleElement().satisfies(c -> {
            assertThat(c.action()).isEqualTo(Action.ORPHAN);
            assertThat(c.key()).isEqualTo(backups.key());
        });
        assertThat(harness.mutatingCalls()).isEqualTo(mutationsBefore);
        assertThat(bucketNames()).contains(uploadsName, backupsName);
    }

    /** Suspends versioning, removes the public access block, switches or drops encryption, drops lifecycle and a tag. */
    private void makeDrift() {
        S3Client s3 = s3();
        s3.putBucketVersioning(r -> r.bucket(uploadsName).versioningConfiguration(v -> v.status(BucketVersioningStatus.SUSPENDED)));
        s3.deletePublicAccessBlock(r -> r.bucket(uploadsName));
        s3.putBucketEncryption(r -> r.bucket(uploadsName).serverSideEncryptionConfiguration(c -> c.rules(ServerSideEncryptionRule.builder()
                .applyServerSideEncryptionByDefault(d -> d.sseAlgorithm("aws:kms").kmsMasterKeyID("alias/someone-elses"))
                .build())));
        s3.deleteBucketLifecycle(r -> r.bucket(uploadsName));
        Map<String, String> tags = new LinkedHashMap<>(tags(uploadsName));
        tags.remove("team");
        tags.put("cost-center", "added-by-hand");
        s3.putBucketTagging(r -> r.bucket(uploadsName).tagging(t -> t.tagSet(S3Tags.toTags(tags))));
        s3.deleteBucketEncryption(r -> r.bucket(backupsName));
    }

    private BucketSpec uploadsSpec(String name) {
        List<LifecycleRule> lifecycle = List.of(
                new LifecycleRule("cleanup", null, false, null, 30, 7, null),
                new LifecycleRule("archive", "originals/", null, 365, null, null,
                        List.of(new Transition(90, "GLACIER"), new Transition(30, "STANDARD_IA"))));
        return new BucketSpec(name, true, new EncryptionSpec(null, null, null),
                new PublicAccessBlock(true, true, true, false), lifecycle, policy(name),
                Map.of("asset-class", "user-uploads"), Management.DEFAULT);
    }

    /** Grants a dummy account read access: moto would enforce a Deny on this bucket's objects. */
    private static JsonNode policy(String bucket) {
        try {
            return JSON.readTree("""
                    {"Version": "2012-10-17",
                     "Statement": [{"Sid": "AuditorReads", "Effect": "Allow",
                                    "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
                                    "Action": "s3:GetObject", "Resource": "arn:aws:s3:::%s/*"}]}
                    """.formatted(bucket));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Resource bucket(String name, BucketSpec spec) {
        return new Resource(ResourceKey.of(BucketSpec.KIND, name), "it", Map.of(), spec);
    }

    private static String uniqueName(String prefix) {
        return "converge-it-" + prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private S3Client s3() {
        return harness.aws(env).s3();
    }

    private ServerSideEncryptionRule encryptionRule(String bucket) {
        return s3().getBucketEncryption(r -> r.bucket(bucket)).serverSideEncryptionConfiguration().rules().get(0);
    }

    private PublicAccessBlockConfiguration publicAccessBlock(String bucket) {
        return s3().getPublicAccessBlock(r -> r.bucket(bucket)).publicAccessBlockConfiguration();
    }

    private Map<String, String> tags(String bucket) {
        Map<String, String> tags = new LinkedHashMap<>();
        s3().getBucketTagging(r -> r.bucket(bucket)).tagSet().forEach(t -> tags.put(t.key(), t.value()));
        return tags;
    }

    private List<String> bucketNames() {
        return s3().listBuckets().buckets().stream().map(b -> b.name()).toList();
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    private static List<String> changedFields(PassReport report, String name) {
        return change(report, name).fields().stream().map(FieldChange::field).toList();
    }

    private static FieldChange field(PassReport report, String name, String field) {
        return change(report, name).fields().stream().filter(f -> f.field().equals(field)).findFirst().orElseThrow();
    }

    private static Change change(PassReport report, String name) {
        return report.detected().changes().stream()
                .filter(c -> c.key().name().equals(name))
                .peek(c -> assertThat(c.action()).isEqualTo(Action.UPDATE))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no change for " + name + " in " + report.detected()));
    }

    private static void assertAbsent(Runnable read, String errorCode) {
        try {
            read.run();
        } catch (AwsServiceException e) {
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo(errorCode);
            return;
        }
        throw new AssertionError("expected " + errorCode);
    }
}
