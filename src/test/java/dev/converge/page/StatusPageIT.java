package dev.converge.page;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.aws.AwsClientFactory;
import dev.converge.aws.AwsClients;
import dev.converge.aws.AwsSettings;
import dev.converge.engine.Controller;
import dev.converge.engine.PassReport;
import dev.converge.iam.IamCheck;
import dev.converge.model.Environment;
import dev.converge.spec.SpecLoader;
import dev.converge.testing.Browser;
import dev.converge.testing.Harness;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/**
 * The status page in a real headless Chromium, over the example environments converged into moto and then
 * drifted by hand: every section renders for every environment, the drift field by field, what prod holds
 * unmanaged, the charts; the page carries no script and fits a phone's width. Screenshots go to
 * {@code target/status-page.png} and {@code target/status-page-phone.png} for people to look at.
 */
@QuarkusTest
@QuarkusTestResource(value = ExampleSpecsResource.class, restrictToAnnotatedClass = true)
class StatusPageIT {

    private static final String STRAY_GROUP = "hand-made-for-the-page";
    private static final String STRAY_BUCKET = "acme-prod-scratch-by-hand";

    @Inject
    Controller controller;

    @Inject
    MeterRegistry registry;

    @TestHTTPResource("/")
    URL page;

    @AfterEach
    void everyAwsCallIsAllowedByTheEnvironmentPolicy() {
        IamCheck.assertAllowed(registry);
    }

    @Test
    void thePageShowsEverySectionOfEveryExampleEnvironment_inAHeadlessChromium() throws IOException {
        Optional<Browser.Installation> chromium = Browser.installed();
        Assumptions.assumeTrue(chromium.isPresent(),
                "skipped: the status page test needs Debian's chromium and chromium-driver (chromium and chromedriver on PATH or in /usr/bin)");
        assertThat(controller.runPasses()).hasSize(2).allSatisfy(r -> assertThat(r.success()).as(r.toString()).isTrue());
        Environment prod = SpecLoader.load(ExampleSpecsResource.specs).environments().get("prod");
        // The endpoint as the application has it: the test resource runs in another class loader, with its own moto handle.
        // Read here, not injected: every test class is a bean of every application the suite builds, and an injected
        // property would be required by the command-line tests too, which clear it.
        String endpoint = ConfigProvider.getConfig().getValue("converge.aws.endpoint", String.class);
        AwsSettings settings = new AwsSettings(Optional.of(URI.create(endpoint)), "us-east-1", Duration.ofSeconds(60),
                Harness.RESILIENCE, Optional.of(Harness.CONTROLLER));
        try (AwsClients aws = new AwsClientFactory(settings, new SimpleMeterRegistry()).clientsFor(prod)) {
            Drift drift = new Drift(aws.ec2(), aws.s3());
            drift.cause();
            try {
                observeProdAndReportUnmanaged();
                List<PassReport> observed = controller.runPasses();
                assertThat(observed).allSatisfy(r -> assertThat(r.success()).as(r.toString()).isTrue());

                try (Browser browser = Browser.start(chromium.get(), 1280, 1000)) {
                    browser.open(page.toString());
                    assertEverySection(browser, drift);
                    int height = browser.script("return document.documentElement.scrollHeight;").asInt();
                    browser.resize(1280, Math.min(height + 120, 16_000));
                    browser.screenshot(Path.of("target", "status-page.png"));

                    browser.resize(390, 844);
                    browser.open(page.toString());
                    assertThat(browser.script("return document.documentElement.scrollWidth <= window.innerWidth;").asBoolean())
                            .as("nothing wider than a phone's screen: wide tables scroll inside their own box").isTrue();
                    browser.screenshot(Path.of("target", "status-page-phone.png"));
                }
                assertThat(Files.size(Path.of("target", "status-page.png"))).isPositive();
            } finally {
                drift.undo();
                Files.writeString(ExampleSpecsResource.specs.resolve("prod.yaml"), Files.readString(Path.of("specs", "prod.yaml")));
                controller.runPasses();
            }
        }
    }

    private static void assertEverySection(Browser browser, Drift drift) {
        assertThat(browser.source()).as("readable without JavaScript: the page has no script").doesNotContain("<script");
        assertThat(browser.texts("h1")).containsExactly("Converge status");
        assertThat(browser.texts("h2")).contains("Environment prod observe", "Environment nonprod enforce");
        for (String env : List.of("prod", "nonprod")) {
            assertThat(browser.texts("section[aria-labelledby=env-" + env + "] h3")).contains(
                    "Last passes", "Drift now", "Held for approval", "Acknowledged drift", "Unmanaged resources", "The last hours");
            assertThat(browser.texts("section[aria-labelledby=env-" + env + "] svg.chart")).as("three charts").hasSize(3);
            assertThat(browser.texts("section[aria-labelledby=env-" + env + "] svg.chart polyline")).hasSize(3);
            assertThat(browser.texts("section[aria-labelledby=env-" + env + "] #env-" + env + "-passes + div tbody tr"))
                    .as("both passes listed").hasSizeGreaterThanOrEqualTo(2);
        }
        String prodSection = "section[aria-labelledby=env-prod] ";
        assertThat(browser.texts(prodSection + "dl.facts dd")).contains("observe", "us-east-1", "111111111111", "this replica");
        assertThat(browser.texts(prodSection + "table.drift caption")).contains("SecurityGroup/bastion update", "Bucket/prod-content update");
        assertThat(String.join("\n", browser.texts(prodSection + "table.drift tbody tr")))
                .contains("ingress what differs")
                .contains("tcp 22 0.0.0.0/0")
                .contains("versioning false true");
        assertThat(String.join("\n", browser.texts(prodSection + "#env-prod-unmanaged + div tbody tr")))
                .contains("SecurityGroup " + drift.strayGroupId + " " + STRAY_GROUP + " prod")
                .contains("Bucket " + STRAY_BUCKET);
        assertThat(browser.texts(prodSection + "#env-prod-approvals + p")).containsExactly("none");
        assertThat(browser.texts(prodSection + "#env-prod-acknowledgements + p")).containsExactly("none");
        assertThat(browser.texts("section[aria-labelledby=env-nonprod] #env-nonprod-drift + p")).containsExactly("none");
        assertThat(browser.texts("section[aria-labelledby=env-nonprod] #env-nonprod-unmanaged + p").get(0)).startsWith("not reported");
        assertThat(browser.texts("figure p.note")).hasSize(6).allSatisfy(d -> assertThat(d).contains("over the last 6 hours"));
    }

    /** Prod in observe mode, so that the drift stays for the page to show, with the unmanaged report on. */
    private static void observeProdAndReportUnmanaged() throws IOException {
        Path file = ExampleSpecsResource.specs.resolve("prod.yaml");
        String spec = Files.readString(file);
        String observing = spec.replaceFirst("  mode: enforce\n", """
                  mode: observe
                  unmanaged: {report: true, bucketNames: ["acme-prod-*"]}
                """);
        assertThat(observing).isNotEqualTo(spec);
        Files.writeString(file, observing);
    }

    /** What an operator does by hand in prod: opens SSH to the world, suspends versioning, adds a group and a bucket. */
    private static final class Drift {
        private final Ec2Client ec2;
        private final S3Client s3;
        String strayGroupId;

        Drift(Ec2Client ec2, S3Client s3) {
            this.ec2 = ec2;
            this.s3 = s3;
        }

        void cause() {
            ec2.authorizeSecurityGroupIngress(r -> r.groupId(group("SecurityGroup/bastion")).ipPermissions(p -> p.ipProtocol("tcp")
                    .fromPort(22).toPort(22).ipRanges(ip -> ip.cidrIp("0.0.0.0/0"))));
            s3.putBucketVersioning(r -> r.bucket("acme-prod-content").versioningConfiguration(v -> v.status(BucketVersioningStatus.SUSPENDED)));
            String vpc = ec2.describeVpcs(r -> r.filters(tag("Vpc/prod"))).vpcs().get(0).vpcId();
            strayGroupId = ec2.createSecurityGroup(r -> r.groupName(STRAY_GROUP).description("made in the console").vpcId(vpc)
                    .tagSpecifications(t -> t.resourceType("security-group").tags(n -> n.key("Name").value(STRAY_GROUP)))).groupId();
            s3.createBucket(r -> r.bucket(STRAY_BUCKET));
        }

        void undo() {
            if (strayGroupId != null) {
                ec2.deleteSecurityGroup(r -> r.groupId(strayGroupId));
            }
            s3.deleteBucket(r -> r.bucket(STRAY_BUCKET));
        }

        private String group(String resource) {
            return ec2.describeSecurityGroups(r -> r.filters(tag(resource))).securityGroups().get(0).groupId();
        }

        private static Filter tag(String resource) {
            return Filter.builder().name("tag:converge:resource").values(resource).build();
        }
    }
}
