package dev.converge.aws.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.converge.aws.NotFound;
import dev.converge.aws.iam.InstanceRoleDriver;
import dev.converge.aws.s3.BucketDriver;
import dev.converge.engine.PassReport;
import dev.converge.model.BucketSpec;
import dev.converge.model.BucketSpec.Notification;
import dev.converge.model.Environment;
import dev.converge.model.FunctionSpec;
import dev.converge.model.InstanceRoleSpec;
import dev.converge.model.Mode;
import dev.converge.model.ParameterSpec.SecretSource;
import dev.converge.model.Resource;
import dev.converge.model.ResourceKey;
import dev.converge.plan.Action;
import dev.converge.plan.FieldChange;
import dev.converge.plan.PlanJson;
import dev.converge.plan.PlanRenderer;
import dev.converge.testing.CodeObjects;
import dev.converge.testing.Harness;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetBucketNotificationConfigurationResponse;
import software.amazon.awssdk.services.s3.model.LambdaFunctionConfiguration;

/**
 * The uploads bucket of an image service invoking a resize function on new originals: the function's
 * code in a build pipeline's bucket, its execution role, plain and secret variables and reserved
 * concurrency, and the bucket's notification with the permission it needs; converged against moto (which
 * creates functions without running them) and read back, drifted out of band, observed and pruned.
 */
class FunctionDriverIT {

    private static final String ARTIFACTS = "converge-it-fn-artifacts";
    private static final String UPLOADS = "converge-it-fn-uploads";
    private static final String API_KEY = "resize-api-k3y-7d1e";

    private final Map<String, String> variables = new HashMap<>(Map.of("IT_RESIZE_API_KEY", API_KEY));
    private final Environment env = Harness.environment("it", Mode.ENFORCE);
    private Harness harness;
    private List<Resource> service;

    @BeforeEach
    void service() {
        harness = new Harness(List.of(new InstanceRoleDriver(), new BucketDriver(), new FunctionDriver(variables::get)));
        CodeObjects.publish(harness.aws(env).s3(), ARTIFACTS, "image-resize/1.4.0.zip", "def handler(e, c):\n    return 1\n");
        CodeObjects.publish(harness.aws(env).s3(), ARTIFACTS, "originals-backup/2.0.1.zip", "def handler(e, c):\n    return 2\n");
        service = List.of(
                resource(InstanceRoleSpec.KIND, "image-functions", new InstanceRoleSpec(null, null, InstanceRoleSpec.Services.LAMBDA, Map.of(), null)),
                function("resize", "image-resize/1.4.0.zip", 1024),
                function("backup", "originals-backup/2.0.1.zip", 256),
                resource(BucketSpec.KIND, "uploads", new BucketSpec(UPLOADS, true, null, null, null, null, List.of(
                        new Notification("resize", "originals/", ".jpg"),
                        new Notification("backup", "originals/", ".png")), Map.of(), null)));
    }

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void convergesFromEmpty_functionsAsDeclared_andTheBucketInvokingThemWithPermission() {
        PassReport report = harness.pass(env, service);

        assertThat(report.success()).as(report.toString()).isTrue();
        LambdaClient lambda = harness.aws(env).lambda();
        FunctionConfiguration resize = configuration(lambda, "it-resize");
        assertThat(resize.runtimeAsString()).isEqualTo("python3.12");
        assertThat(resize.handler()).isEqualTo("index.handler");
        assertThat(resize.memorySize()).isEqualTo(1024);
        assertThat(resize.timeout()).isEqualTo(30);
        assertThat(resize.role()).endsWith(":role/converge/it/it-image-functions");
        assertThat(resize.environment().variables()).containsExactlyInAnyOrderEntriesOf(
                Map.of("TARGET_PREFIX", "resized/", "API_KEY", API_KEY));
        assertThat(lambda.getFunctionConcurrency(r -> r.functionName("it-resize")).reservedConcurrentExecutions()).isEqualTo(5);
        assertThat(lambda.listTags(r -> r.resource(resize.functionArn())).tags())
                .containsEntry("converge:managed-by", Harness.CONTROLLER)
                .containsEntry("converge:resource", "Function/resize")
                .containsKey(FunctionDriver.CODE_TAG);
        assertThat(harness.aws(env).iam().getRole(r -> r.roleName("it-image-functions")).role().assumeRolePolicyDocument())
                .contains("lambda.amazonaws.com").doesNotContain("ec2.amazonaws.com");
        assertThat(harness.aws(env).iam().listInstanceProfiles().instanceProfiles()).as("a Lambda role has no instance profile").isEmpty();

        List<LambdaFunctionConfiguration> notifications = notifications(harness.aws(env).s3()).lambdaFunctionConfigurations();
        assertThat(notifications).extracting(LambdaFunctionConfiguration::lambdaFunctionArn, n -> n.eventsAsStrings(),
                        n -> n.filter().key().filterRules().stream().map(f -> f.value()).toList())
                .containsExactlyInAnyOrder(
                        tuple(resize.functionArn(), List.of("s3:ObjectCreated:*"), List.of("originals/", ".jpg")),
                        tuple(configuration(lambda, "it-backup").functionArn(), List.of("s3:ObjectCreated:*"), List.of("originals/", ".png")));
        assertThat(lambda.getPolicy(r -> r.functionName("it-resize")).policy())
                .contains("converge-s3-" + UPLOADS, "s3.amazonaws.com", "arn:aws:s3:::" + UPLOADS);
    }

    @Test
    void secondPass_whenNothingDrifted_makesNoMutatingCall_andReadsInBatches() {
        assertThat(harness.pass(env, service).success()).isTrue();
        long mutations = harness.mutatingCalls();
        long lists = harness.calls("ListFunctions");

        PassReport second = harness.pass(env, service);

        assertThat(second.detected().isEmpty()).as(second.detected().toString()).isTrue();
        assertThat(harness.mutatingCalls()).isEqualTo(mutations);
        assertThat(harness.calls("ListFunctions") - lists).isEqualTo(1);
        assertThat(harness.calls("ListTags")).as("the tagging API lists the functions' tags").isZero();
    }

    @Test
    void enforce_undoesMemoryChangedAndANotificationRemovedOutOfBand() {
        harness.pass(env, service);
        LambdaClient lambda = harness.aws(env).lambda();
        lambda.updateFunctionConfiguration(r -> r.functionName("it-resize").memorySize(3008));
        harness.aws(env).s3().putBucketNotificationConfiguration(r -> r.bucket(UPLOADS).notificationConfiguration(c -> c
                .lambdaFunctionConfigurations(notifications(harness.aws(env).s3()).lambdaFunctionConfigurations().stream()
                        .filter(n -> n.lambdaFunctionArn().endsWith(":it-backup")).toList())));

        PassReport report = harness.pass(env, service);

        assertThat(report.success()).as(report.toString()).isTrue();
        assertThat(drifted(report)).containsExactlyInAnyOrder(
                tuple(ResourceKey.of(FunctionSpec.KIND, "resize"), Action.UPDATE, List.of(FunctionSpec.MEMORY)),
                tuple(ResourceKey.of(BucketSpec.KIND, "uploads"), Action.UPDATE, List.of(BucketSpec.NOTIFICATIONS)));
        assertThat(configuration(lambda, "it-resize").memorySize()).isEqualTo(1024);
        assertThat(notifications(harness.aws(env).s3()).lambdaFunctionConfigurations()).hasSize(2);
        assertThat(harness.pass(env, service).detected().isEmpty()).isTrue();
    }

    @Test
    void aPermissionTakenAway_isDrift_andAddedBack() {
        harness.pass(env, service);
        LambdaClient lambda = harness.aws(env).lambda();
        lambda.removePermission(r -> r.functionName("it-backup").statementId("converge-s3-" + UPLOADS));

        PassReport report = harness.pass(env, service);

        assertThat(drifted(report)).containsExactly(tuple(ResourceKey.of(BucketSpec.KIND, "uploads"), Action.UPDATE, List.of(BucketSpec.NOTIFICATIONS)));
        assertThat(lambda.getPolicy(r -> r.functionName("it-backup")).policy()).contains("converge-s3-" + UPLOADS);
        assertThat(harness.pass(env, service).detected().isEmpty()).isTrue();
    }

    @Test
    void aNewObjectAtTheCodeKey_isDeployed_andCodeUploadedOutOfBandIsReplaced() {
        harness.pass(env, service);
        LambdaClient lambda = harness.aws(env).lambda();
        String before = configuration(lambda, "it-resize").codeSha256();
        CodeObjects.publish(harness.aws(env).s3(), ARTIFACTS, "image-resize/1.4.0.zip", "def handler(e, c):\n    return 'rebuilt'\n");

        PassReport report = harness.pass(env, service);

        assertThat(drifted(report)).containsExactly(tuple(ResourceKey.of(FunctionSpec.KIND, "resize"), Action.UPDATE, List.of(FunctionSpec.CODE)));
        String deployed = configuration(lambda, "it-resize").codeSha256();
        assertThat(deployed).isNotEqualTo(before);
        assertThat(harness.pass(env, service).detected().isEmpty()).isTrue();

        CodeObjects.publish(harness.aws(env).s3(), ARTIFACTS, "hand-built.zip", "def handler(e, c):\n    return 'by hand'\n");
        lambda.updateFunctionCode(r -> r.functionName("it-resize").s3Bucket(ARTIFACTS).s3Key("hand-built.zip"));

        assertThat(drifted(harness.pass(env, service)))
                .containsExactly(tuple(ResourceKey.of(FunctionSpec.KIND, "resize"), Action.UPDATE, List.of(FunctionSpec.CODE)));
        assertThat(configuration(lambda, "it-resize").codeSha256()).isEqualTo(deployed);
    }

    @Test
    void aSecretChangedOutOfBand_isRewrittenFromItsSource_andNeverShown() {
        harness.pass(env, service);
        LambdaClient lambda = harness.aws(env).lambda();
        lambda.updateFunctionConfiguration(r -> r.functionName("it-resize")
                .environment(e -> e.variables(Map.of("TARGET_PREFIX", "resized/", "API_KEY", "hand-set-key", "DEBUG", "1"))));

        var plan = harness.plan(env, service);
        String text = new PlanRenderer(false).render(List.of(plan));
        String json = PlanJson.render(List.of(plan));
        assertThat(text).contains("secrets", SecretSource.CHANGED, "environment", "DEBUG").doesNotContain("hand-set-key", API_KEY);
        assertThat(json).doesNotContain("hand-set-key", API_KEY);

        PassReport report = harness.pass(env, service);

        assertThat(drifted(report)).containsExactly(tuple(ResourceKey.of(FunctionSpec.KIND, "resize"), Action.UPDATE,
                List.of(FunctionSpec.ENVIRONMENT, FunctionSpec.SECRETS)));
        assertThat(configuration(lambda, "it-resize").environment().variables())
                .containsExactlyInAnyOrderEntriesOf(Map.of("TARGET_PREFIX", "resized/", "API_KEY", API_KEY));
    }

    @Test
    void observe_reportsTheDriftAndChangesNothing() {
        harness.pass(env, service);
        LambdaClient lambda = harness.aws(env).lambda();
        lambda.updateFunctionConfiguration(r -> r.functionName("it-resize").memorySize(3008));
        harness.aws(env).s3().putBucketNotificationConfiguration(r -> r.bucket(UPLOADS).notificationConfiguration(c -> {}));
        long mutations = harness.mutatingCalls();

        PassReport report = harness.pass(Harness.environment("it", Mode.OBSERVE), service);

        assertThat(drifted(report)).hasSize(2);
        assertThat(harness.mutatingCalls()).isEqualTo(mutations);
        assertThat(configuration(lambda, "it-resize").memorySize()).isEqualTo(3008);
        assertThat(notifications(harness.aws(env).s3()).lambdaFunctionConfigurations()).isEmpty();
    }

    @Test
    void pruneOn_deletesAFunctionRemovedFromTheSpec() {
        Environment pruning = Harness.pruning(env);
        harness.pass(pruning, service);
        List<Resource> withoutBackup = new ArrayList<>(List.of(service.get(0), service.get(1),
                resource(BucketSpec.KIND, "uploads", new BucketSpec(UPLOADS, true, null, null, null, null,
                        List.of(new Notification("resize", "originals/", ".jpg")), Map.of(), null))));

        PassReport report = harness.pass(pruning, withoutBackup);

        assertThat(report.success()).as(report.toString()).isTrue();
        assertThat(harness.aws(env).lambda().listFunctions().functions()).extracting(FunctionConfiguration::functionName)
                .containsExactly("it-resize");
        assertThat(notifications(harness.aws(env).s3()).lambdaFunctionConfigurations()).hasSize(1);
    }

    @Test
    void aFunctionTheBucketStopsNotifying_losesTheBucketsPermission_andTheOtherKeepsIt() {
        harness.pass(env, service);
        List<Resource> resizeOnly = List.of(service.get(0), service.get(1), service.get(2),
                resource(BucketSpec.KIND, "uploads", new BucketSpec(UPLOADS, true, null, null, null, null,
                        List.of(new Notification("resize", "originals/", ".jpg")), Map.of(), null)));

        PassReport report = harness.pass(env, resizeOnly);

        assertThat(report.success()).as(report.toString()).isTrue();
        LambdaClient lambda = harness.aws(env).lambda();
        assertThat(notifications(harness.aws(env).s3()).lambdaFunctionConfigurations())
                .extracting(LambdaFunctionConfiguration::lambdaFunctionArn).containsExactly(configuration(lambda, "it-resize").functionArn());
        assertThat(NotFound.readOr(() -> lambda.getPolicy(r -> r.functionName("it-backup")).policy(), ""))
                .as("the backup function's policy").doesNotContain("converge-s3-" + UPLOADS);
        assertThat(lambda.getPolicy(r -> r.functionName("it-resize")).policy()).contains("converge-s3-" + UPLOADS);
        assertThat(harness.pass(env, resizeOnly).detected().isEmpty()).as("and the next pass finds nothing to do").isTrue();
    }

    @Test
    void aFunctionOfTheDeclaredNameWithoutConvergesTags_isAConflictAndLeftAlone() {
        harness.pass(env, List.of(service.get(0)));
        String role = harness.aws(env).iam().getRole(r -> r.roleName("it-image-functions")).role().arn();
        harness.aws(env).lambda().createFunction(r -> r.functionName("it-resize").runtime("python3.11").handler("x.y").role(role)
                .code(c -> c.s3Bucket(ARTIFACTS).s3Key("image-resize/1.4.0.zip")));

        PassReport report = harness.pass(env, service.subList(0, 2));

        assertThat(drifted(report)).contains(tuple(ResourceKey.of(FunctionSpec.KIND, "resize"), Action.CONFLICT, List.of()));
        assertThat(configuration(harness.aws(env).lambda(), "it-resize").handler()).isEqualTo("x.y");
    }

    private static FunctionConfiguration configuration(LambdaClient lambda, String name) {
        return lambda.getFunction(r -> r.functionName(name)).configuration();
    }

    private static GetBucketNotificationConfigurationResponse notifications(S3Client s3) {
        return s3.getBucketNotificationConfiguration(r -> r.bucket(UPLOADS));
    }

    private static List<Tuple> drifted(PassReport report) {
        return report.detected().changes().stream()
                .map(c -> tuple(c.key(), c.action(), c.fields().stream().map(FieldChange::field).toList()))
                .toList();
    }

    private static Resource function(String name, String key, int memory) {
        return resource(FunctionSpec.KIND, name, new FunctionSpec(new FunctionSpec.Code(null, ARTIFACTS, key, null),
                "python3.12", "index.handler", memory, 30, Map.of("TARGET_PREFIX", "resized/"),
                Map.of("API_KEY", new SecretSource(null, "IT_RESIZE_API_KEY")), "image-functions", name.equals("resize") ? 5 : null,
                Map.of("service", "images"), null));
    }

    private static Resource resource(String kind, String name, dev.converge.model.KindSpec spec) {
        return new Resource(ResourceKey.of(kind, name), "it", Map.of(), spec);
    }
}
