package dev.converge.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.engine.PassReport;
import dev.converge.engine.SpecStore;
import dev.converge.metrics.ConvergeMetrics;
import dev.converge.model.Environment;
import dev.converge.model.Ownership;
import dev.converge.testing.GitRemote;
import dev.converge.testing.Harness;
import dev.converge.testing.LogCapture;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Vpc;

/**
 * Specs pulled from a git branch: each pushed commit is applied on the next pass, a commit that does
 * not validate is refused with errors at repository paths while the commit before stays in force, and
 * {@code converge_spec_info} names the commit in force.
 */
class GitSourceIT {

    private static final String ENVIRONMENT = """
            apiVersion: converge.dev/v1alpha1
            kind: Environment
            metadata: {name: gitenv}
            spec: {region: us-east-1, tags: {team: platform}}
            """;

    private static final String NETWORK = """
            apiVersion: converge.dev/v1alpha1
            kind: Vpc
            metadata: {name: main, environment: gitenv}
            spec: {cidr: 10.80.0.0/16, tags: {stage: one}}
            ---
            apiVersion: converge.dev/v1alpha1
            kind: Bucket
            metadata: {name: converge-git-source-it, environment: gitenv}
            spec: {versioning: true}
            """;

    private static final String NETWORK_2 = NETWORK.replace("stage: one", "stage: two") + """
            ---
            apiVersion: converge.dev/v1alpha1
            kind: SecurityGroup
            metadata: {name: web, environment: gitenv}
            spec:
              vpc: main
              description: web
              ingress:
                - {protocol: tcp, ports: 443, from: {cidr: 0.0.0.0/0}}
            """;

    /** Commit 2 with a misspelt field, and a CIDR change that must never reach AWS. */
    private static final String NETWORK_BROKEN = NETWORK_2.replace("10.80.0.0/16", "10.81.0.0/16")
            .replace("description: web", "descripton: web");

    private static final String TOKEN = "tok-7d1c9e-never-logged";

    private final Harness harness = new Harness();

    @TempDir
    Path directory;

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void eachPushedCommitIsApplied_aBrokenOneIsRefused_andTheRevisionMetricFollows() throws IOException {
        Path token = Files.writeString(directory.resolve("token"), TOKEN + "\n");
        try (GitRemote remote = new GitRemote(directory); LogCapture logs = LogCapture.start()) {
            GitSpecSource source = new GitSpecSource(new GitSettings(remote.url(), "main", "specs", Duration.ZERO, Duration.ofSeconds(30),
                    Optional.of(directory.resolve("checkout")),
                    new GitCredentials("git", Optional.of(token), Optional.empty(), Optional.empty())), Clock.systemUTC());
            SpecStore store = new SpecStore(source, new ConvergeMetrics(harness.registry()));

            String first = remote.push(files(
                    "README.md", "Specs of gitenv",
                    "specs/environment.yaml", ENVIRONMENT,
                    "specs/network.yaml", NETWORK,
                    "drafts/unfinished.yaml", "kind: Nonsense"), "gitenv: VPC and bucket");
            assertThat(pass(store, first).success()).isTrue();
            assertThat(vpc().cidrBlock()).isEqualTo("10.80.0.0/16");
            assertThat(tag(vpc())).isEqualTo("one");
            assertThat(harness.aws(environment(store)).s3().headBucket(r -> r.bucket("converge-git-source-it")).sdkHttpResponse()
                    .isSuccessful()).isTrue();
            assertThat(revisionMetric(remote, first)).isEqualTo(1);

            String second = remote.push(files("specs/network.yaml", NETWORK_2), "gitenv: web security group, VPC stage two");
            assertThat(pass(store, second).success()).isTrue();
            assertThat(tag(vpc())).isEqualTo("two");
            assertThat(securityGroups()).singleElement().satisfies(group -> assertThat(group.vpcId()).isEqualTo(vpc().vpcId()));
            assertThat(revisionMetric(remote, second)).isEqualTo(1);
            assertThat(harness.registry().find("converge.spec.info").tag("revision", first).gauge())
                    .as("a revision no longer in force has no series").isNull();
            long mutations = harness.mutatingCalls();

            String third = remote.push(files("specs/network.yaml", NETWORK_BROKEN), "gitenv: typo");
            SpecStore.Snapshot inForce = store.refresh().orElseThrow();
            assertThat(inForce.revision()).isEqualTo(second);
            assertThat(store.lastErrors()).singleElement().satisfies(error -> assertThat(error)
                    .startsWith("specs/network.yaml:" + lineOf(NETWORK_BROKEN, "descripton") + ":")
                    .contains("descripton"));
            assertThat(harness.pass(environment(store), inForce.state().resourcesOf("gitenv")).success()).isTrue();
            assertThat(harness.mutatingCalls()).as("the refused commit changes nothing").isEqualTo(mutations);
            assertThat(vpc().cidrBlock()).isEqualTo("10.80.0.0/16");
            assertThat(harness.metric("converge.spec.load.errors")).isEqualTo(1);
            assertThat(revisionMetric(remote, second)).isEqualTo(1);
            assertThat(revisionMetric(remote, third)).as("the refused commit shows with 0").isZero();
            assertThat(harness.registry().find("converge.spec.info").gauges()).hasSize(2);

            assertThat(logs.text()).contains(third).doesNotContain(TOKEN);
        }
        assertThat(harness.registry().getMeters()).flatMap(meter -> meter.getId().getTags())
                .extracting(Tag::getValue).noneMatch(value -> value.contains(TOKEN));
    }

    /** Refreshes the store, expects the given commit in force, and converges to it. */
    private PassReport pass(SpecStore store, String commit) {
        SpecStore.Snapshot snapshot = store.refresh().orElseThrow();
        assertThat(snapshot.revision()).isEqualTo(commit);
        assertThat(store.lastErrors()).isEmpty();
        return harness.pass(snapshot.state().environments().get("gitenv"), snapshot.state().resourcesOf("gitenv"));
    }

    private static Environment environment(SpecStore store) {
        return store.refresh().orElseThrow().state().environments().get("gitenv");
    }

    private double revisionMetric(GitRemote remote, String revision) {
        return harness.metric("converge.spec.info", "source", remote.url(), "revision", revision);
    }

    private Vpc vpc() {
        return harness.aws(Harness.environment("gitenv", null)).ec2().describeVpcs(r -> r.filters(Filter.builder()
                .name("tag:" + Ownership.RESOURCE).values("Vpc/main").build())).vpcs().get(0);
    }

    private List<SecurityGroup> securityGroups() {
        return harness.aws(Harness.environment("gitenv", null)).ec2().describeSecurityGroups(r -> r.filters(Filter.builder()
                .name("tag:" + Ownership.RESOURCE).values("SecurityGroup/web").build())).securityGroups();
    }

    private static String tag(Vpc vpc) {
        return vpc.tags().stream().filter(t -> t.key().equals("stage")).map(t -> t.value()).findFirst().orElse(null);
    }

    private static int lineOf(String text, String needle) {
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(needle)) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException(needle);
    }

    private static Map<String, String> files(String... pathsAndContents) {
        Map<String, String> files = new LinkedHashMap<>();
        for (int i = 0; i < pathsAndContents.length; i += 2) {
            files.put(pathsAndContents[i], pathsAndContents[i + 1]);
        }
        return files;
    }
}
