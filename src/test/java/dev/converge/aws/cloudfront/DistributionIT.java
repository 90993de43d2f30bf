package dev.converge.aws.cloudfront;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.converge.engine.Outcome;
import dev.converge.engine.PassReport;
import dev.converge.model.DistributionSpec;
import dev.converge.model.Environment;
import dev.converge.model.Mode;
import dev.converge.model.Ownership;
import dev.converge.model.Resource;
import dev.converge.plan.Action;
import dev.converge.plan.Change;
import dev.converge.spec.DesiredState;
import dev.converge.spec.SpecLoader;
import dev.converge.testing.Harness;
import dev.converge.testing.Moto;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.TreeMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cloudfront.model.DistributionConfig;
import software.amazon.awssdk.services.cloudfront.model.DistributionSummary;
import software.amazon.awssdk.services.cloudfront.model.GetDistributionConfigResponse;
import software.amazon.awssdk.services.cloudfront.model.OriginAccessControlSummary;
import software.amazon.awssdk.services.cloudfront.model.Tag;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Distributions in front of private buckets ({@code specs/cdn/cdn.yaml}) converged into moto and read
 * back: each distribution's configuration, its origin access control, and the statement in its origin
 * bucket's policy that admits only it.
 *
 * <p>moto creates distributions without deploying them, keeps no origin's access control id (AWS returns
 * it on every origin; {@code DistributionConfigsTest} covers that with AWS-shaped values), and ignores
 * {@code IfMatch}; a distribution is {@code Deployed} once read, unless moto's state manager holds it
 * {@code InProgress}, which the test of waiting deletes does.
 */
class DistributionIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CERTIFICATE = "arn:aws:acm:us-east-1:123456789012:certificate/8e2f7b1a-3c4d-4e5f-9a0b-1c2d3e4f5a6b";

    private final Harness harness = new Harness();
    private final DesiredState spec = SpecLoader.load(Path.of("src/test/resources/specs/cdn/cdn.yaml"));
    private final Environment env = spec.environments().get("cdn");
    private final List<Resource> resources = spec.resourcesOf("cdn");

    @AfterEach
    void close() throws Exception {
        try {
            stateManager("unset-transition", "{\"model_name\": \"cloudfront::distribution\"}");
        } finally {
            harness.close();
        }
    }

    @Test
    void convergesFromEmpty_asDeclared_andASecondPassMakesNoMutatingCall() throws Exception {
        PassReport first = harness.pass(env, resources);

        assertThat(first.success()).as(first.toString()).isTrue();
        assertThat(first.remaining().isEmpty()).as(first.remaining().toString()).isTrue();
        DistributionSummary web = distribution("web").orElseThrow();
        DistributionConfig config = config(web).distributionConfig();
        assertThat(config.origins().items()).singleElement().satisfies(origin -> {
            assertThat(origin.domainName()).isEqualTo("cdn-it-web-assets.s3.us-east-1.amazonaws.com");
            assertThat(origin.originPath()).isEmpty();
        });
        assertThat(config.defaultRootObject()).isEqualTo("index.html");
        assertThat(config.defaultCacheBehavior().viewerProtocolPolicyAsString()).isEqualTo("redirect-to-https");
        assertThat(config.defaultCacheBehavior().cachePolicyId()).isEqualTo("658327ea-f89d-4fab-a63d-7e88639e58f6");
        assertThat(config.aliases().items()).containsExactlyInAnyOrder("www.example.com", "example.com");
        assertThat(config.viewerCertificate().acmCertificateArn()).isEqualTo(CERTIFICATE);
        assertThat(config.viewerCertificate().sslSupportMethodAsString()).isEqualTo("sni-only");
        assertThat(config.priceClassAsString()).isEqualTo("PriceClass_100");
        assertThat(config.logging().enabled()).isTrue();
        assertThat(config.logging().bucket()).isEqualTo("cdn-it-logs.s3.amazonaws.com");
        assertThat(config.logging().prefix()).isEqualTo("cdn/web/");
        assertThat(tags(web)).contains(entry(Ownership.RESOURCE, "Distribution/web"), entry("asset-class", "web-assets"), entry("team", "web"));

        DistributionConfig media = config(distribution("media").orElseThrow()).distributionConfig();
        assertThat(media.origins().items().get(0).domainName()).isEqualTo("cdn-it-media.s3.us-east-1.amazonaws.com");
        assertThat(media.origins().items().get(0).originPath()).isEqualTo("/public");
        assertThat(media.defaultCacheBehavior().cachePolicyId()).isEqualTo("b2884449-e4de-46a7-ac36-70bc7f1ddd6d");
        assertThat(media.defaultCacheBehavior().viewerProtocolPolicyAsString()).as("the default").isEqualTo("redirect-to-https");

        assertThat(accessControl("cdn-web")).hasValueSatisfying(control -> {
            assertThat(control.signingBehaviorAsString()).isEqualTo("always");
            assertThat(control.signingProtocolAsString()).isEqualTo("sigv4");
            assertThat(control.originAccessControlOriginTypeAsString()).isEqualTo("s3");
        });
        JsonNode statement = statement("cdn-it-web-assets", DistributionSpec.statementId("cdn", "web")).orElseThrow();
        assertThat(statement.path("Principal").path("Service").asText()).isEqualTo("cloudfront.amazonaws.com");
        assertThat(statement.path("Action").asText()).isEqualTo("s3:GetObject");
        assertThat(statement.path("Resource").asText()).isEqualTo("arn:aws:s3:::cdn-it-web-assets/*");
        assertThat(statement.at("/Condition/StringEquals/AWS:SourceArn").asText()).isEqualTo(web.arn());
        assertThat(statement("cdn-it-media", DistributionSpec.statementId("cdn", "media"))).isPresent();
        assertThat(harness.calls("CreateDistributionWithTags")).isEqualTo(2);

        long mutations = harness.mutatingCalls();
        PassReport second = harness.pass(env, resources);
        assertThat(second.success()).as(second.toString()).isTrue();
        assertThat(second.detected().changes()).as("drift on the second pass").isEmpty();
        assertThat(harness.mutatingCalls()).isEqualTo(mutations);
    }

    @Test
    void driftIsUndone_aViewerProtocolPolicySetToAllowAllAndTheBucketStatementRemoved() throws Exception {
        harness.pass(env, resources);
        DistributionSummary web = distribution("web").orElseThrow();
        allowAll(web);
        s3().deleteBucketPolicy(r -> r.bucket("cdn-it-web-assets"));

        PassReport report = harness.pass(env, resources);

        assertThat(report.success()).as(report.toString()).isTrue();
        assertThat(change(report, "Distribution/web").action()).isEqualTo(Action.UPDATE);
        assertThat(change(report, "Distribution/web").fields()).extracting(f -> f.field())
                .containsExactlyInAnyOrder(DistributionSpec.BUCKET_POLICY, DistributionSpec.VIEWER_PROTOCOL_POLICY);
        assertThat(config(web).distributionConfig().defaultCacheBehavior().viewerProtocolPolicyAsString()).isEqualTo("redirect-to-https");
        assertThat(config(web).distributionConfig().defaultRootObject()).as("the rest sent back as it was").isEqualTo("index.html");
        assertThat(statement("cdn-it-web-assets", DistributionSpec.statementId("cdn", "web"))).isPresent();
        assertThat(harness.pass(env, resources).detected().changes()).isEmpty();
    }

    @Test
    void observeMode_reportsTheDriftAndLeavesItInPlace() {
        harness.pass(env, resources);
        DistributionSummary web = distribution("web").orElseThrow();
        allowAll(web);
        long mutations = harness.mutatingCalls();
        Environment observe = new Environment(env.name(), env.region(), env.accountId(), env.roleArn(), Mode.OBSERVE,
                env.prune(), env.tags());

        PassReport report = harness.pass(observe, resources);

        assertThat(harness.mutatingCalls()).isEqualTo(mutations);
        assertThat(actions(report)).contains(entry("Distribution/web", Action.UPDATE));
        assertThat(config(web).distributionConfig().defaultCacheBehavior().viewerProtocolPolicyAsString()).isEqualTo("allow-all");
    }

    @Test
    void prune_disablesThenDeletes_withItsAccessControlAndItsStatement() throws Exception {
        harness.pass(env, resources);
        String mediaId = distribution("media").orElseThrow().id();
        List<Resource> without = resources.stream().filter(r -> !r.key().toString().equals("Distribution/media")).toList();

        PassReport orphaned = harness.pass(env, without);
        assertThat(change(orphaned, "Distribution/media").action()).isEqualTo(Action.ORPHAN);
        assertThat(distribution("media")).isPresent();

        PassReport report = harness.pass(Harness.pruning(env), without);

        assertThat(report.success()).as(report.toString()).isTrue();
        assertThat(report.outcomes()).filteredOn(o -> o.change().key().toString().equals("Distribution/media"))
                .singleElement().satisfies(o -> assertThat(o.result()).isEqualTo(Outcome.Result.SUCCESS));
        assertThat(cloudFront().listDistributions().distributionList().items()).extracting(DistributionSummary::id).doesNotContain(mediaId);
        assertThat(accessControl("cdn-media")).isEmpty();
        assertThat(policy("cdn-it-media")).as("the policy held only the distribution's statement").isNull();
        assertThat(distribution("web")).isPresent();
        assertThat(statement("cdn-it-web-assets", DistributionSpec.statementId("cdn", "web"))).isPresent();
    }

    @Test
    void aDeleteWaitsWhileCloudFrontDeploysTheDistributionDisabled_andALaterPassFinishesIt() throws Exception {
        stateManager("set-transition", "{\"model_name\": \"cloudfront::distribution\", \"transition\": {\"progression\": \"manual\", \"times\": 1000}}");
        harness.pass(env, resources);
        String mediaId = distribution("media").orElseThrow().id();
        List<Resource> without = resources.stream().filter(r -> !r.key().toString().equals("Distribution/media")).toList();

        PassReport waiting = harness.pass(Harness.pruning(env), without);

        assertThat(waiting.outcomes()).filteredOn(o -> o.change().key().toString().equals("Distribution/media"))
                .singleElement().satisfies(o -> {
                    assertThat(o.result()).isEqualTo(Outcome.Result.WAITING);
                    assertThat(o.error()).contains("disabled", "InProgress");
                });
        assertThat(cloudFront().getDistributionConfig(r -> r.id(mediaId)).distributionConfig().enabled()).isFalse();
        assertThat(accessControl("cdn-media")).as("kept until the distribution is gone").isPresent();

        stateManager("unset-transition", "{\"model_name\": \"cloudfront::distribution\"}");
        PassReport finished = harness.pass(Harness.pruning(env), without);

        assertThat(finished.success()).as(finished.toString()).isTrue();
        assertThat(cloudFront().listDistributions().distributionList().items()).extracting(DistributionSummary::id).doesNotContain(mediaId);
        assertThat(accessControl("cdn-media")).isEmpty();
    }

    @Test
    void theAccountsDistributionsAreReadOncePerCycle_forEveryEnvironmentOfTheAccount() {
        Map<Environment, List<Resource>> both = new LinkedHashMap<>();
        both.put(env, resources);
        both.put(spec.environments().get("site"), spec.resourcesOf("site"));
        harness.cycle(both);
        Map<String, Double> before = cloudFrontCalls();
        long policies = harness.calls("GetBucketPolicy");
        long mutations = harness.mutatingCalls();

        List<PassReport> steady = harness.cycle(both);

        assertThat(steady).allSatisfy(r -> assertThat(r.detected().changes()).as(r.toString()).isEmpty());
        assertThat(harness.mutatingCalls()).isEqualTo(mutations);
        Map<String, Double> calls = new TreeMap<>();
        cloudFrontCalls().forEach((operation, count) -> calls.put(operation, count - before.getOrDefault(operation, 0.0)));
        System.out.println("CloudFront calls of a no-drift cycle over two environments of one account, 3 distributions: " + calls);
        assertThat(calls).containsEntry("ListDistributions", 1.0)
                .containsEntry("ListOriginAccessControls", 1.0)
                .as("one per distribution of the account, once").containsEntry("ListTagsForResource", 3.0)
                .as("each environment its own").containsEntry("GetDistribution", 3.0);
        assertThat(harness.calls("GetBucketPolicy") - policies).as("one per origin bucket").isEqualTo(3);
    }

    private Map<String, Double> cloudFrontCalls() {
        Map<String, Double> calls = new TreeMap<>();
        harness.registry().find("converge.aws.api.calls").tag("service", "CloudFront").counters()
                .forEach(c -> calls.merge(c.getId().getTag("operation"), c.count(), Double::sum));
        return calls;
    }

    /** Sets the default behaviour's viewer protocol policy to allow-all, as someone in the console would. */
    private void allowAll(DistributionSummary distribution) {
        GetDistributionConfigResponse current = config(distribution);
        DistributionConfig config = current.distributionConfig();
        cloudFront().updateDistribution(r -> r.id(distribution.id()).ifMatch(current.eTag()).distributionConfig(config.toBuilder()
                .defaultCacheBehavior(config.defaultCacheBehavior().toBuilder().viewerProtocolPolicy("allow-all").build()).build()));
    }

    private static void stateManager(String action, String body) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(Moto.server().endpoint() + "/moto-api/state-manager/" + action))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isLessThan(300);
    }

    private CloudFrontClient cloudFront() {
        return harness.aws(env).cloudFront();
    }

    private S3Client s3() {
        return harness.aws(env).s3();
    }

    private Optional<DistributionSummary> distribution(String name) {
        return cloudFront().listDistributions().distributionList().items().stream()
                .filter(d -> ("Distribution/" + name).equals(tags(d).get(Ownership.RESOURCE)))
                .findFirst();
    }

    private Map<String, String> tags(DistributionSummary distribution) {
        return cloudFront().listTagsForResource(r -> r.resource(distribution.arn())).tags().items().stream()
                .collect(Collectors.toMap(Tag::key, Tag::value));
    }

    private GetDistributionConfigResponse config(DistributionSummary distribution) {
        return cloudFront().getDistributionConfig(r -> r.id(distribution.id()));
    }

    private Optional<OriginAccessControlSummary> accessControl(String name) {
        return cloudFront().listOriginAccessControls(r -> {}).originAccessControlList().items().stream()
                .filter(c -> c.name().equals(name))
                .findFirst();
    }

    private String policy(String bucket) {
        try {
            return s3().getBucketPolicy(r -> r.bucket(bucket)).policy();
        } catch (S3Exception e) {
            return null;
        }
    }

    private Optional<JsonNode> statement(String bucket, String sid) throws Exception {
        String policy = policy(bucket);
        if (policy == null) {
            return Optional.empty();
        }
        for (JsonNode statement : JSON.readTree(policy).path("Statement")) {
            if (sid.equals(statement.path("Sid").asText())) {
                return Optional.of(statement);
            }
        }
        return Optional.empty();
    }

    private static Map<String, Action> actions(PassReport report) {
        return report.detected().changes().stream().collect(Collectors.toMap(c -> c.key().toString(), Change::action));
    }

    private static Change change(PassReport report, String key) {
        return report.detected().changes().stream().filter(c -> c.key().toString().equals(key)).findFirst().orElseThrow();
    }
}
