package dev.converge.aws.ssm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.converge.engine.Outcome;
import dev.converge.engine.PassReport;
import dev.converge.model.Environment;
import dev.converge.model.Mode;
import dev.converge.model.ParameterSpec;
import dev.converge.model.ParameterSpec.SecretSource;
import dev.converge.model.Resource;
import dev.converge.model.ResourceKey;
import dev.converge.plan.Action;
import dev.converge.plan.FieldChange;
import dev.converge.plan.PlanRenderer;
import dev.converge.testing.Harness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.ssm.model.ParameterMetadata;
import software.amazon.awssdk.services.ssm.model.ParameterType;
import software.amazon.awssdk.services.ssm.model.ResourceTypeForTagging;
import software.amazon.awssdk.services.ssm.model.Tag;

/**
 * An API fleet's configuration in Parameter Store: a String, a StringList, a SecureString read from a
 * file (as mounted from a Kubernetes Secret) and one read from an environment variable; converged against
 * moto and read back with decryption, drifted out of band, observed, pruned, and a source gone missing.
 */
class ParameterDriverIT {

    private static final String DB_PASSWORD = "s3cr3t-db-password";
    private static final String API_TOKEN = "tok-4f1c2a";

    @TempDir
    Path secrets;

    private final Map<String, String> variables = new HashMap<>(Map.of("IT_API_TOKEN", API_TOKEN));
    private Harness harness;
    private final Environment env = Harness.environment("it", Mode.ENFORCE);
    private final Environment observeOnly = Harness.environment("it", Mode.OBSERVE);
    private Path passwordFile;
    private List<Resource> fleet;

    @BeforeEach
    void fleet() throws IOException {
        harness = new Harness(List.of(new ParameterDriver(variables::get)));
        passwordFile = Files.writeString(secrets.resolve("db-password"), DB_PASSWORD);
        fleet = List.of(
                parameter("db-host", new ParameterSpec("/it/api/db-host", "String", "db.it.internal", null,
                        "the writer's endpoint", null, null, Map.of("fleet", "api"), null)),
                parameter("origins", new ParameterSpec("/it/api/origins", "StringList", "https://a.example,https://b.example", null,
                        null, "Standard", null, Map.of(), null)),
                parameter("db-password", new ParameterSpec("/it/api/db-password", "SecureString", null,
                        new SecretSource(passwordFile.toString(), null), "the API's database password", null, null, Map.of(), null)),
                parameter("api-token", new ParameterSpec("/it/api/token", "SecureString", null,
                        new SecretSource(null, "IT_API_TOKEN"), null, null, null, Map.of(), null)));
    }

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void convergesFromEmpty_withTagsInTheCreate_andSecureStringsFromTheirSources() {
        PassReport report = harness.pass(env, fleet);

        assertThat(report.success()).as(report.toString()).isTrue();
        SsmClient ssm = harness.aws(env).ssm();
        Map<String, Parameter> live = values(ssm);
        assertThat(live.get("/it/api/db-host").value()).isEqualTo("db.it.internal");
        assertThat(live.get("/it/api/origins").type()).isEqualTo(ParameterType.STRING_LIST);
        assertThat(live.get("/it/api/db-password").type()).isEqualTo(ParameterType.SECURE_STRING);
        assertThat(live.get("/it/api/db-password").value()).isEqualTo(DB_PASSWORD);
        assertThat(live.get("/it/api/token").value()).isEqualTo(API_TOKEN);
        assertThat(metadata(ssm, "/it/api/db-host").description()).isEqualTo("the writer's endpoint");
        assertThat(tags(ssm, "/it/api/db-host")).containsEntry("converge:managed-by", Harness.CONTROLLER)
                .containsEntry("converge:environment", "it").containsEntry("converge:resource", "Parameter/db-host")
                .containsEntry("fleet", "api");
        assertThat(harness.calls("AddTagsToResource")).as("tags go in PutParameter").isZero();
    }

    @Test
    void secondPass_whenNothingDrifted_makesNoMutatingCall_andReadsInBatches() {
        assertThat(harness.pass(env, fleet).success()).isTrue();
        long mutations = harness.mutatingCalls();
        long describes = harness.calls("DescribeParameters");
        long gets = harness.calls("GetParameters");

        PassReport second = harness.pass(env, fleet);

        assertThat(second.detected().isEmpty()).as(second.detected().toString()).isTrue();
        assertThat(harness.mutatingCalls()).isEqualTo(mutations);
        assertThat(harness.calls("DescribeParameters") - describes).isEqualTo(1);
        assertThat(harness.calls("GetParameters") - gets).as("4 names: one call of up to 10").isEqualTo(1);
        assertThat(harness.calls("ListTagsForResource")).as("the tagging API lists the tags").isZero();
    }

    @Test
    void enforce_undoesAStringAndASecureStringOverwrittenOutOfBand_showingNoSecret() {
        harness.pass(env, fleet);
        overwriteOutOfBand(harness.aws(env).ssm());

        PassReport report = harness.pass(env, fleet);

        assertThat(report.success()).as(report.toString()).isTrue();
        assertThat(drifted(report)).containsExactlyInAnyOrder(
                tuple(ResourceKey.of(ParameterSpec.KIND, "db-host"), Action.UPDATE, List.of("value")),
                tuple(ResourceKey.of(ParameterSpec.KIND, "db-password"), Action.UPDATE, List.of("value")));
        String plan = new PlanRenderer(false).render(List.of(report.detected()));
        assertThat(plan).contains("(secret) changed", "(secret) from file " + passwordFile)
                .doesNotContain(DB_PASSWORD, "hand-set-password");
        Map<String, Parameter> live = values(harness.aws(env).ssm());
        assertThat(live.get("/it/api/db-host").value()).isEqualTo("db.it.internal");
        assertThat(live.get("/it/api/db-password").value()).isEqualTo(DB_PASSWORD);
        assertThat(harness.pass(env, fleet).detected().isEmpty()).isTrue();
    }

    @Test
    void aRotatedSecret_isWrittenOnTheNextPass() throws IOException {
        harness.pass(env, fleet);
        Files.writeString(passwordFile, DB_PASSWORD + "-rotated");
        variables.put("IT_API_TOKEN", API_TOKEN + "-rotated");

        PassReport report = harness.pass(env, fleet);

        assertThat(report.success()).as(report.toString()).isTrue();
        Map<String, Parameter> live = values(harness.aws(env).ssm());
        assertThat(live.get("/it/api/db-password").value()).isEqualTo(DB_PASSWORD + "-rotated");
        assertThat(live.get("/it/api/token").value()).isEqualTo(API_TOKEN + "-rotated");
    }

    @Test
    void observe_reportsTheDriftAndChangesNothing() {
        harness.pass(env, fleet);
        overwriteOutOfBand(harness.aws(env).ssm());
        long mutations = harness.mutatingCalls();

        PassReport report = harness.pass(observeOnly, fleet);

        assertThat(drifted(report)).hasSize(2);
        assertThat(harness.mutatingCalls()).isEqualTo(mutations);
        Map<String, Parameter> live = values(harness.aws(env).ssm());
        assertThat(live.get("/it/api/db-host").value()).isEqualTo("db.example.net");
        assertThat(live.get("/it/api/db-password").value()).isEqualTo("hand-set-password");
    }

    @Test
    void anAbsentSource_failsThatParameterOnly_namingItAndItsSource() throws IOException {
        variables.remove("IT_API_TOKEN");
        Files.delete(passwordFile);

        PassReport report = harness.pass(env, fleet);

        Map<String, Parameter> live = values(harness.aws(env).ssm());
        assertThat(live).containsOnlyKeys("/it/api/db-host", "/it/api/origins");
        Map<String, String> errors = report.outcomes().stream().filter(o -> o.result() == Outcome.Result.ERROR)
                .collect(Collectors.toMap(o -> o.change().key().name(), Outcome::error));
        assertThat(errors).containsOnlyKeys("db-password", "api-token");
        assertThat(errors.get("db-password")).contains("Parameter/db-password", "the file " + passwordFile);
        assertThat(errors.get("api-token")).contains("Parameter/api-token", "the environment variable IT_API_TOKEN");
    }

    @Test
    void aSourceGoneAfterTheCreate_blocksTheUpdateOfThatParameter_andLeavesItsValue() throws IOException {
        harness.pass(env, fleet);
        Files.delete(passwordFile);
        SsmClient ssm = harness.aws(env).ssm();
        ssm.putParameter(r -> r.name("/it/api/db-host").type(ParameterType.STRING).value("db.example.net").overwrite(true));

        PassReport report = harness.pass(env, fleet);

        assertThat(drifted(report)).containsExactlyInAnyOrder(
                tuple(ResourceKey.of(ParameterSpec.KIND, "db-host"), Action.UPDATE, List.of("value")),
                tuple(ResourceKey.of(ParameterSpec.KIND, "db-password"), Action.UPDATE_BLOCKED, List.of("value")));
        assertThat(report.detected().changes().stream().filter(c -> c.action() == Action.UPDATE_BLOCKED).findFirst().orElseThrow().note())
                .contains("the file " + passwordFile + ", which does not exist");
        Map<String, Parameter> live = values(ssm);
        assertThat(live.get("/it/api/db-host").value()).isEqualTo("db.it.internal");
        assertThat(live.get("/it/api/db-password").value()).isEqualTo(DB_PASSWORD);
    }

    @Test
    void aParameterAtADeclaredPathWithoutConvergesTags_isReportedAndNeverOverwritten() {
        SsmClient ssm = harness.aws(env).ssm();
        ssm.putParameter(r -> r.name("/it/api/db-host").type(ParameterType.STRING).value("someone-else's"));

        PassReport report = harness.pass(env, fleet);

        assertThat(drifted(report)).contains(tuple(ResourceKey.of(ParameterSpec.KIND, "db-host"), Action.CONFLICT, List.of()));
        assertThat(values(ssm).get("/it/api/db-host").value()).isEqualTo("someone-else's");
    }

    @Test
    void aTagChange_isAddedToTheParameter() {
        harness.pass(env, fleet);
        List<Resource> retagged = fleet.stream().map(r -> !r.name().equals("db-host") ? r
                : parameter("db-host", new ParameterSpec("/it/api/db-host", "String", "db.it.internal", null,
                        "the writer's endpoint", null, null, Map.of("fleet", "api-v2"), null))).toList();

        PassReport report = harness.pass(env, retagged);

        assertThat(report.success()).as(report.toString()).isTrue();
        assertThat(tags(harness.aws(env).ssm(), "/it/api/db-host")).containsEntry("fleet", "api-v2")
                .containsEntry("converge:resource", "Parameter/db-host");
    }

    @Test
    void pruneOn_deletesParametersRemovedFromTheSpec() {
        Environment pruning = Harness.pruning(env);
        harness.pass(pruning, fleet);

        PassReport report = harness.pass(pruning, fleet.subList(0, 1));

        assertThat(report.success()).as(report.toString()).isTrue();
        assertThat(values(harness.aws(env).ssm())).containsOnlyKeys("/it/api/db-host");
    }

    private static void overwriteOutOfBand(SsmClient ssm) {
        ssm.putParameter(r -> r.name("/it/api/db-host").type(ParameterType.STRING).value("db.example.net").overwrite(true));
        ssm.putParameter(r -> r.name("/it/api/db-password").type(ParameterType.SECURE_STRING).value("hand-set-password").overwrite(true));
    }

    private static Map<String, Parameter> values(SsmClient ssm) {
        return ssm.getParameters(r -> r.names("/it/api/db-host", "/it/api/origins", "/it/api/db-password", "/it/api/token")
                        .withDecryption(true))
                .parameters().stream().collect(Collectors.toMap(Parameter::name, p -> p));
    }

    private static ParameterMetadata metadata(SsmClient ssm, String name) {
        return ssm.describeParameters(r -> r.parameterFilters(f -> f.key("Name").values(name))).parameters().get(0);
    }

    private static Map<String, String> tags(SsmClient ssm, String name) {
        return ssm.listTagsForResource(r -> r.resourceType(ResourceTypeForTagging.PARAMETER).resourceId(name)).tagList().stream()
                .collect(Collectors.toMap(Tag::key, Tag::value));
    }

    private static List<Tuple> drifted(PassReport report) {
        return report.detected().changes().stream()
                .map(c -> tuple(c.key(), c.action(), c.fields().stream().map(FieldChange::field).toList()))
                .toList();
    }

    private static Resource parameter(String name, ParameterSpec spec) {
        return new Resource(ResourceKey.of(ParameterSpec.KIND, name), "it", Map.of(), spec);
    }
}
