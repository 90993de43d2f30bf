package dev.converge.spec;

import static dev.converge.spec.SpecFixtures.BROKEN;
import static dev.converge.spec.SpecFixtures.GOOD;
import static dev.converge.spec.SpecFixtures.assertSingleError;
import static dev.converge.spec.SpecFixtures.errorsOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.model.BucketSpec;
import dev.converge.model.Environment;
import dev.converge.model.Mode;
import dev.converge.model.Resource;
import dev.converge.model.ResourceKey;
import dev.converge.model.SecurityGroupSpec;
import dev.converge.model.SubnetSpec;
import dev.converge.model.VpcSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpecLoaderTest {

    @Test
    void load_readsEveryYamlFileOfADirectory_intoEnvironmentsAndTheirResources() {
        DesiredState state = SpecLoader.load(GOOD);

        assertThat(state.environments()).containsOnlyKeys("prod");
        assertThat(state.environments().get("prod")).isEqualTo(new Environment("prod", "us-east-1", "111111111111",
                "arn:aws:iam::111111111111:role/converge", Mode.ENFORCE, false,
                Map.of("cost-center", "platform", "environment", "prod"), 0.5, "converge-prod-7f3a"));
        assertThat(state.resourcesOf("prod")).extracting(Resource::key).containsExactly(
                ResourceKey.of("Bucket", "uploads"),
                ResourceKey.of("Bucket", "prod-logs"),
                ResourceKey.of("Vpc", "prod"),
                ResourceKey.of("Subnet", "public-a"),
                ResourceKey.of("Subnet", "private-a"),
                ResourceKey.of("NatGateway", "nat-a"),
                ResourceKey.of("RouteTable", "public"),
                ResourceKey.of("RouteTable", "private"),
                ResourceKey.of("SecurityGroup", "alb"),
                ResourceKey.of("SecurityGroup", "app"));
    }

    @Test
    void load_bindsSpecsToTheirKindsRecords() {
        DesiredState state = SpecLoader.load(GOOD);
        Map<ResourceKey, Resource> byKey = new HashMap<>();
        state.resourcesOf("prod").forEach(r -> byKey.put(r.key(), r));

        Resource vpc = byKey.get(ResourceKey.of("Vpc", "prod"));
        assertThat(vpc.labels()).containsExactly(Map.entry("tier", "network"));
        assertThat(vpc.spec(VpcSpec.class).cidr()).isEqualTo("10.0.0.0/16");
        assertThat(vpc.management().ignoreChanges()).containsExactly("enableDnsHostnames");
        assertThat(byKey.get(ResourceKey.of("Subnet", "public-a")).spec(SubnetSpec.class).isPublic()).isTrue();
        SecurityGroupSpec alb = byKey.get(ResourceKey.of("SecurityGroup", "alb")).spec(SecurityGroupSpec.class);
        assertThat(alb.ingress().get(0).ports()).as("a number where a string is declared").isEqualTo("443");
        assertThat(byKey.get(ResourceKey.of("SecurityGroup", "app")).spec(SecurityGroupSpec.class).ingress().get(0).ports())
                .isEqualTo("8080-8081");
    }

    @Test
    void load_defaultsABucketNameToTheResourceName_andAcceptsPoliciesAsMappingOrJsonText() {
        List<Resource> resources = SpecLoader.load(GOOD).resourcesOf("prod");
        BucketSpec uploads = resources.get(0).spec(BucketSpec.class);
        BucketSpec logs = resources.get(1).spec(BucketSpec.class);

        assertThat(uploads.bucketName()).isEqualTo("acme-prod-uploads");
        assertThat(logs.bucketName()).isEqualTo("prod-logs");
        assertThat(uploads.properties().get("policy")).asString().contains("\"aws:SecureTransport\":[\"false\"]");
        assertThat(logs.properties().get("policy")).isEqualTo("{\"Statement\":[{\"Action\":[\"s3:DeleteBucket\"],\"Effect\":\"Deny\",\"Principal\":\"*\","
                + "\"Resource\":[\"arn:aws:s3:::prod-logs\"]}],\"Version\":\"2012-10-17\"}");
    }

    @Test
    void load_ofOneFile_readsOnlyThatFile() {
        DesiredState state = SpecLoader.load(GOOD.resolve("prod.yaml"));

        assertThat(state.environments()).containsOnlyKeys("prod");
        assertThat(state.resourcesOf("prod")).hasSize(8).noneMatch(r -> r.kind().equals(BucketSpec.KIND));
    }

    @Test
    void load_ofSeveralPaths_readsThemAsOneSpec_whoseDocumentsMayReferToEachOther() {
        DesiredState state = SpecLoader.load(List.of(GOOD.resolve("prod.yaml"), GOOD.resolve("buckets.yml")));

        assertThat(state.resourcesOf("prod")).extracting(Resource::key)
                .containsExactlyInAnyOrderElementsOf(SpecLoader.load(GOOD).resourcesOf("prod").stream().map(Resource::key).toList());
    }

    @Test
    void load_ofSeveralPaths_reportsTheProblemsOfEach() {
        List<SpecError> errors = errorsOf(List.of(BROKEN.resolve("unknown-field.yaml"), BROKEN.resolve("wrong-type.yaml")));

        assertThat(errors).extracting(SpecError::file)
                .containsExactly(BROKEN.resolve("unknown-field.yaml").toString(), BROKEN.resolve("wrong-type.yaml").toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            unknown-field.yaml           | 10 | 3  | unknown field 'cidrr' in Vpc spec (expected one of: cidr, enableDnsHostnames,
            unknown-nested-field.yaml    | 19 | 14 | unknown field 'cidrr' in SecurityGroup spec.ingress[0].from
            unknown-top-level-field.yaml | 9  | 1  | unknown field 'specs' in the document (expected one of: apiVersion, kind, metadata, spec)
            wrong-type.yaml              | 11 | 21 | spec.enableDnsSupport: expected a boolean, got 'yes please'
            string-for-number.yaml       | 12 | 23 | spec.lifecycle[0].expirationDays: expected a whole number, got '7'
            null-in-list.yaml            | 13 | 6  | spec.subnets[1]: expected a string, got nothing
            null-tag-value.yaml          | 11 | 15 | spec.tags.team: expected a string, got nothing
            invalid-mode.yaml            | 6  | 9  | spec.mode: expected one of enforce, observe, got 'enforcing'
            wrong-api-version.yaml       | 1  | 13 | unsupported apiVersion 'converge.dev/v1'; expected converge.dev/v1alpha1
            unknown-kind.yaml            | 7  | 7  | unknown kind 'Vcp'; known kinds: Environment, Vpc, Subnet, NatGateway, RouteTable
            missing-name.yaml            | 8  | 1  | metadata.name is required
            not-a-mapping.yaml           | 6  | 1  | a document must be a mapping
            lifecycle-rule-without-id.yaml | 11 | 7 | spec.lifecycle[0].id is required
            syntax-error.yaml            | 9  | 5  | YAML syntax error: expected ',' or '}'
            tab-indentation.yaml         | 10 | 1  | tab character: indent YAML with spaces
            duplicate-key.yaml           | 12 | 3  | duplicate key 'cidr' (first at line 10)
            not-utf8.yaml                | 8  | 6  | not valid UTF-8 (byte 0xE9)
            alias-bomb.yaml              | 1  | 1  | too many aliases
            alias-expansion.yaml         | 1  | 10 | document expands to more than 100000 nodes
            recursive-alias.yaml         | 9  | 9  | nesting is deeper than 50 levels (a recursive alias?)
            deep-nesting.yaml            | 11 | 57 | nesting is deeper than 50 levels
            empty.yaml                   | 1  | 1  | no documents: the spec declares no environment or resource
            unclosed-quote.yaml          | 11 | 1  | YAML syntax error: found unexpected end of stream (while scanning a quoted scalar at line 10)
            complex-key.yaml             | 10 | 5  | a mapping key must be a plain string
            unsupported-yaml-tag.yaml    | 10 | 9  | unsupported YAML tag !!binary; specs use plain mappings, lists and scalars
            explicit-tag-not-a-number.yaml | 17 | 30 | 'https' is not a valid !!int
            explicit-bool-tag-not-a-boolean.yaml | 11 | 21 | 'yes' is not a valid !!bool
            wrong-type-list-for-string.yaml | 10 | 9 | spec.cidr: expected a string, got a list
            open-to-world-not-a-boolean.yaml | 17 | 72 | spec.ingress[0].openToWorld: expected a boolean, got 'yes'
            """)
    void load_reportsABrokenDocumentOnce_atItsLineAndColumn(String fixture, int line, int column, String message) {
        assertSingleError(fixture, line, column, message);
    }

    @Test
    void load_reportsTheProblemsOfEveryFile_notOnlyTheFirst(@TempDir Path spec) throws IOException {
        Files.copy(BROKEN.resolve("unknown-field.yaml"), spec.resolve("a.yaml"));
        Files.copy(BROKEN.resolve("tab-indentation.yaml"), spec.resolve("b.yaml"));

        assertThat(errorsOf(spec)).extracting(SpecError::toString).containsExactly(
                spec.resolve("a.yaml") + ":10:3: unknown field 'cidrr' in Vpc spec (expected one of: cidr,"
                        + " enableDnsHostnames, enableDnsSupport, internetGateway, management, tags)",
                spec.resolve("b.yaml") + ":10:1: tab character: indent YAML with spaces, not tabs");
    }

    @Test
    void load_ofAFileLargerThanTheLimit_isRejectedWithoutParsingIt(@TempDir Path spec) throws IOException {
        Path huge = SpecFixtures.writeHugeSpec(spec);

        assertThat(errorsOf(huge)).extracting(SpecError::toString).containsExactly(huge + ":1:1: file is larger than 3 MB");
    }

    @Test
    void load_ofAFileNestedThousandsDeep_isRejectedAtTheLimit_withoutExhaustingTheStack(@TempDir Path spec)
            throws IOException {
        Path deep = spec.resolve("deep.yaml");
        Files.writeString(deep, "spec: " + "[".repeat(100_000));

        assertThat(errorsOf(deep)).extracting(SpecError::toString)
                .containsExactly(deep + ":1:56: nesting is deeper than 50 levels");
    }

    @Test
    void load_ofAnEmptyDirectory_isAnError(@TempDir Path spec) {
        assertThat(errorsOf(spec)).extracting(SpecError::toString)
                .containsExactly(spec + ":1:1: no spec files (*.yaml, *.yml) in this directory");
    }

    @Test
    void load_ofFilesWithoutAnyDocument_isAnError(@TempDir Path spec) throws IOException {
        Files.writeString(spec.resolve("empty.yaml"), "");
        Files.writeString(spec.resolve("comments.yaml"), "# kind: Vpc\n---\n");

        assertThat(errorsOf(spec)).extracting(SpecError::message)
                .containsExactly("no documents: the spec declares no environment or resource");
    }

    @Test
    void load_ofAMissingPath_isAnError(@TempDir Path spec) {
        assertThat(errorsOf(spec.resolve("absent.yaml"))).extracting(SpecError::message)
                .containsExactly("no such spec file or directory");
    }
}
