package dev.converge.engine.events;

import static dev.converge.testing.CloudTrailEvents.ALICE;
import static dev.converge.testing.CloudTrailEvents.ALICE_IP;
import static dev.converge.testing.CloudTrailEvents.JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.converge.aws.AwsClients;
import dev.converge.engine.EnvironmentOwnership;
import dev.converge.engine.PassReport;
import dev.converge.metrics.EventMeters;
import dev.converge.model.AutoScalingGroupSpec;
import dev.converge.model.BucketSpec;
import dev.converge.model.Environment;
import dev.converge.model.Mode;
import dev.converge.model.Ownership;
import dev.converge.model.Resource;
import dev.converge.model.ResourceKey;
import dev.converge.model.SecurityGroupSpec;
import dev.converge.plan.Change;
import dev.converge.spec.DesiredState;
import dev.converge.spec.SpecLoader;
import dev.converge.testing.CloudTrailEvents;
import dev.converge.testing.Harness;
import dev.converge.testing.LogCapture;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * Event-driven observation against moto. moto routes {@code PutEvents} through the rule Converge sets up to
 * its queue but emits no CloudTrail events for API calls, so each test makes the change with the SDK and
 * then puts the event CloudTrail would have sent ({@link CloudTrailEvents}: shaped like the CloudTrail
 * record of that call), from an IAM user alice.
 * The periodic pass plays no part: no test runs a pass after the first except through the consumer, as with
 * a 10-minute interval. Latencies are printed, never asserted; assertions poll state read back from moto.
 */
class EventsIT {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final ResourceKey BASTION = ResourceKey.of(SecurityGroupSpec.KIND, "bastion");

    private final AtomicBoolean eventsOn = new AtomicBoolean(true);
    private final Harness harness = Harness.withEvents(eventsOn::get);
    private final DesiredState state = SpecLoader.load(Path.of("src/test/resources/specs/events/events.yaml"));
    private final List<Resource> resources = state.resourcesOf("ev");
    private final List<PassReport> eventPasses = new ArrayList<>();
    private final List<AwsClients> consumerClients = new ArrayList<>();
    private Environment env = state.environments().get("ev");

    @BeforeEach
    void converge() {
        PassReport first = harness.pass(env, resources);
        assertThat(first.success()).as(first.toString()).isTrue();
        assertThat(first.remaining().isEmpty()).as(first.remaining().toString()).isTrue();
    }

    @AfterEach
    void close() {
        consumerClients.forEach(AwsClients::close);
        harness.close();
    }

    @Test
    void theFirstPassSetsUpTheRuleAndQueues_whichConvergesOwnCallsDoNotReach() {
        AwsClients aws = harness.aws(env);
        var rule = aws.events().describeRule(r -> r.name("ev-converge-events"));
        assertThat(rule.eventPattern()).contains("AWS API Call via CloudTrail", "aws.ec2", "aws.s3", "aws.autoscaling",
                "\"readOnly\":[false]", "/converge-ev");
        var target = aws.events().listTargetsByRule(r -> r.rule("ev-converge-events")).targets();
        assertThat(target).singleElement().satisfies(t -> assertThat(t.arn()).endsWith(":ev-converge-events"));
        String url = aws.sqs().getQueueUrl(r -> r.queueName("ev-converge-events")).queueUrl();
        var attributes = aws.sqs().getQueueAttributes(r -> r.queueUrl(url).attributeNamesWithStrings("All")).attributesAsStrings();
        assertThat(attributes.get("Policy")).contains("events.amazonaws.com", rule.arn(), "sqs:SendMessage");
        assertThat(attributes.get("RedrivePolicy")).contains("ev-converge-events-dlq");
        assertThat(aws.sqs().listQueueTags(r -> r.queueUrl(url)).tags()).containsEntry("converge:managed-by", "converge")
                .containsEntry(Ownership.DISPOSABLE, "true");
        assertThat(harness.plan(env, resources).isEmpty()).isTrue();

        put(CloudTrailEvents.of("ec2", "AuthorizeSecurityGroupIngress", "arn:aws:sts::123456789012:assumed-role/converge/converge-ev",
                JSON.createObjectNode().put("groupId", groupId()), null));
        assertThat(consumer().handleNext()).as("Converge's own calls are not forwarded").isZero();
    }

    @Test
    void sshOpenedToTheWorld_isRevokedAfterItsEvent_andTheStatusAndAuditLineNameTheCaller() {
        String group = groupId();
        ec2().authorizeSecurityGroupIngress(r -> r.groupId(group).ipPermissions(ssh("0.0.0.0/0")));
        ObjectNode request = JSON.createObjectNode().put("groupId", group);
        request.putObject("ipPermissions").putArray("items").addObject().put("ipProtocol", "tcp").put("fromPort", 22).put("toPort", 22)
                .putObject("ipRanges").putArray("items").addObject().put("cidrIp", "0.0.0.0/0");
        ObjectNode response = JSON.createObjectNode().put("requestId", UUID.randomUUID().toString()).put("_return", true);
        Instant sent = put(CloudTrailEvents.of("ec2", "AuthorizeSecurityGroupIngress", ALICE, request, response));

        String log;
        try (LogCapture capture = LogCapture.start()) {
            awaitCorrected(sent, "world-open SSH rule", () -> !worldOpen(group));
            log = capture.text();
        }

        PassReport report = eventPasses.get(eventPasses.size() - 1);
        assertThat(report.causes().get(BASTION)).satisfies(cause -> {
            assertThat(cause.identity()).isEqualTo(ALICE);
            assertThat(cause.sourceIp()).isEqualTo(ALICE_IP);
            assertThat(cause.event()).isEqualTo("ec2:AuthorizeSecurityGroupIngress");
        });
        assertThat(change(report, BASTION).note()).contains("changed by " + ALICE + " from " + ALICE_IP, "ec2:AuthorizeSecurityGroupIngress");
        assertThat(log).contains("\"cause\":{\"identity\":\"" + ALICE + "\",\"sourceIp\":\"" + ALICE_IP + "\"");
        assertThat(harness.metric("converge.events.matched", "environment", "ev", "service", "ec2")).isEqualTo(1);
        assertThat(harness.registry().find("converge.events.lag").timer().count()).isEqualTo(1);
    }

    @Test
    void bucketVersioningSuspended_isRestoredAfterItsEvent() {
        AwsClients aws = harness.aws(env);
        String bucket = "converge-events-it-uploads";
        aws.s3().putBucketVersioning(r -> r.bucket(bucket).versioningConfiguration(v -> v.status(BucketVersioningStatus.SUSPENDED)));
        ObjectNode request = JSON.createObjectNode().put("bucketName", bucket).put("Host", bucket + ".s3.amazonaws.com").put("versioning", "");
        request.putObject("VersioningConfiguration").put("Status", "Suspended").put("xmlns", "http://s3.amazonaws.com/doc/2006-03-01/");
        Instant sent = put(CloudTrailEvents.of("s3", "PutBucketVersioning", ALICE, request, null));
        long versioningReads = harness.calls("GetBucketVersioning");

        awaitCorrected(sent, "bucket versioning", () ->
                aws.s3().getBucketVersioning(r -> r.bucket(bucket)).status() == BucketVersioningStatus.ENABLED);

        assertThat(eventPasses).singleElement().satisfies(pass -> assertThat(pass.causes()).containsKey(ResourceKey.of(BucketSpec.KIND, "uploads")));
        // one read per observation round of the pass, before and after the repair, of that bucket alone: the
        // kind's other bucket is taken as the last pass saw it
        assertThat(harness.calls("GetBucketVersioning") - versioningReads).as("versioning reads of the event's pass").isEqualTo(2);
        assertThat(harness.plan(env, resources).isEmpty()).as("a full plan afterwards").isTrue();
    }

    @Test
    void anAutoScalingGroupsMaxSizeChanged_isRestoredAfterItsEvent() {
        AwsClients aws = harness.aws(env);
        String name = observedId(ResourceKey.of(AutoScalingGroupSpec.KIND, "api"));
        aws.autoScaling().updateAutoScalingGroup(r -> r.autoScalingGroupName(name).maxSize(5));
        Instant sent = put(CloudTrailEvents.of("autoscaling", "UpdateAutoScalingGroup", ALICE,
                JSON.createObjectNode().put("autoScalingGroupName", name).put("maxSize", 5), null));

        awaitCorrected(sent, "group max size", () ->
                aws.autoScaling().describeAutoScalingGroups(r -> r.autoScalingGroupNames(name)).autoScalingGroups().get(0).maxSize() == 2);
    }

    @Test
    void inObserveMode_theDriftIsReportedWithItsCause_andNothingChanges() {
        env = withMode(env, Mode.OBSERVE);
        String group = groupId();
        ec2().authorizeSecurityGroupIngress(r -> r.groupId(group).ipPermissions(ssh("0.0.0.0/0")));
        put(CloudTrailEvents.of("ec2", "AuthorizeSecurityGroupIngress", ALICE, JSON.createObjectNode().put("groupId", group), null));
        long before = harness.mutatingCalls() - queueCalls();

        EventConsumer consumer = consumer();
        Instant deadline = Instant.now().plus(PATIENCE);
        while (eventPasses.isEmpty() && Instant.now().isBefore(deadline)) {
            consumer.handleNext();
        }

        PassReport report = eventPasses.get(0);
        assertThat(change(report, BASTION).note()).contains("changed by " + ALICE);
        assertThat(report.remaining().changes()).anySatisfy(c -> assertThat(c.key()).isEqualTo(BASTION));
        assertThat(report.outcomes()).isEmpty();
        assertThat(harness.mutatingCalls() - queueCalls()).isEqualTo(before);
        assertThat(worldOpen(group)).isTrue();
    }

    @Test
    void anEventForAGroupConvergeDoesNotManage_changesNothing() {
        String vpc = observedId(ResourceKey.of("Vpc", "main"));
        String foreign = ec2().createSecurityGroup(r -> r.groupName("by-hand").description("made by hand").vpcId(vpc)).groupId();
        ec2().authorizeSecurityGroupIngress(r -> r.groupId(foreign).ipPermissions(ssh("0.0.0.0/0")));
        put(CloudTrailEvents.of("ec2", "AuthorizeSecurityGroupIngress", ALICE, JSON.createObjectNode().put("groupId", foreign), null));
        long describes = harness.calls("DescribeSecurityGroups");

        assertThat(drain(consumer())).isEqualTo(1);

        assertThat(eventPasses).as("no pass ran").isEmpty();
        assertThat(harness.calls("DescribeSecurityGroups")).isEqualTo(describes);
        assertThat(worldOpen(foreign)).isTrue();
        assertThat(harness.metric("converge.events.unmatched", "environment", "ev", "service", "ec2")).isEqualTo(1);
    }

    @Test
    void anEventThatNamesNoResource_reobservesItsKindOnly_notAFullPass() {
        put(CloudTrailEvents.of("ec2", "ModifySecurityGroupRules", ALICE, JSON.createObjectNode(), null));
        long vpcs = harness.calls("DescribeVpcs");
        long buckets = harness.calls("ListBuckets");
        long groups = harness.calls("DescribeAutoScalingGroups");
        long securityGroups = harness.calls("DescribeSecurityGroups");

        drain(consumer());

        assertThat(eventPasses).singleElement().satisfies(pass -> assertThat(pass.success()).as(pass.toString()).isTrue());
        assertThat(harness.calls("DescribeSecurityGroups")).isGreaterThan(securityGroups);
        assertThat(harness.calls("DescribeVpcs") - vpcs).as("VPCs re-read").isZero();
        assertThat(harness.calls("ListBuckets") - buckets).as("buckets re-read").isZero();
        assertThat(harness.calls("DescribeAutoScalingGroups") - groups).as("groups re-read").isZero();
        System.out.printf("unmappable event: DescribeSecurityGroups %d call(s), DescribeVpcs %d, ListBuckets %d%n",
                harness.calls("DescribeSecurityGroups") - securityGroups, harness.calls("DescribeVpcs") - vpcs,
                harness.calls("ListBuckets") - buckets);
    }

    @Test
    void aBurstOf500Events_costsABoundedNumberOfObservations() {
        String group = groupId();
        ec2().authorizeSecurityGroupIngress(r -> r.groupId(group).ipPermissions(ssh("0.0.0.0/0")));
        // moto takes most of a second per event through PutEvents, so the burst goes to the queue directly, in
        // the envelope EventBridge writes there (the same envelope the other tests' events arrive in).
        AwsClients aws = harness.aws(env);
        String url = aws.sqs().getQueueUrl(r -> r.queueName("ev-converge-events")).queueUrl();
        for (int i = 0; i < 500; i += 10) {
            List<SendMessageBatchRequestEntry> ten = new ArrayList<>();
            for (int j = 0; j < 10; j++) {
                PutEventsRequestEntry event = CloudTrailEvents.of("ec2", "AuthorizeSecurityGroupIngress", ALICE, JSON.createObjectNode().put("groupId", group), null);
                ten.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(j)).messageBody(CloudTrailEvents.envelope(event)).build());
            }
            assertThat(aws.sqs().sendMessageBatch(r -> r.queueUrl(url).entries(ten)).failed()).isEmpty();
        }
        long describes = harness.calls("DescribeSecurityGroups");

        Instant started = Instant.now();
        int handled = drain(consumer());
        System.out.printf("burst of 500 events handled in %d ms%n", Duration.between(started, Instant.now()).toMillis());

        assertThat(handled).isEqualTo(500);
        assertThat(worldOpen(group)).isFalse();
        long observations = harness.calls("DescribeSecurityGroups") - describes;
        System.out.printf("burst of 500 events: %d pass(es), %d DescribeSecurityGroups call(s)%n", eventPasses.size(), observations);
        assertThat(eventPasses.size()).as("passes for 500 events").isLessThanOrEqualTo(5);
        assertThat(observations).isLessThanOrEqualTo(5L * 3);
    }

    @Test
    void aConsumerThatDiesWhileHandling_leavesTheEventToTheNextOne_whichHandlesItOnce() {
        String group = groupId();
        ec2().authorizeSecurityGroupIngress(r -> r.groupId(group).ipPermissions(ssh("0.0.0.0/0")));
        put(CloudTrailEvents.of("ec2", "AuthorizeSecurityGroupIngress", ALICE, JSON.createObjectNode().put("groupId", group), null));
        EventConsumer dying = consumer((environment, scope) -> {
            throw new IllegalStateException("killed while handling");
        }, Duration.ofSeconds(2));
        try {
            dying.handleNext();
        } catch (IllegalStateException expected) {
            // the process died here: the message was received and not deleted
        }
        assertThat(worldOpen(group)).isTrue();

        EventConsumer restarted = consumer();
        Instant deadline = Instant.now().plus(PATIENCE);
        while (worldOpen(group) && Instant.now().isBefore(deadline)) {
            restarted.handleNext();
        }

        assertThat(worldOpen(group)).isFalse();
        assertThat(eventPasses).hasSize(1);
        assertThat(drain(restarted)).as("the message was deleted once handled").isZero();
        assertThat(managedGroups()).as("nothing created twice").hasSize(1);
        assertThat(ipRanges(group)).containsExactly("198.51.100.0/24");
    }

    @Test
    void turningEventsOff_removesTheRuleAndTheQueues() {
        put(CloudTrailEvents.of("ec2", "AuthorizeSecurityGroupIngress", ALICE, JSON.createObjectNode().put("groupId", groupId()), null));
        eventsOn.set(false);

        assertThat(harness.plan(env, resources).changes()).extracting(c -> c.key().toString() + " " + c.action().label())
                .containsExactlyInAnyOrder("EventRule/converge-events delete", "Queue/converge-events delete",
                        "Queue/converge-events-dlq delete");
        PassReport off = harness.pass(env, resources);

        assertThat(off.success()).as(off.toString()).isTrue();
        AwsClients aws = harness.aws(env);
        assertThat(aws.events().listRules(r -> r.namePrefix("ev-")).rules()).isEmpty();
        assertThat(aws.sqs().listQueues(r -> r.queueNamePrefix("ev-")).queueUrls()).isEmpty();
        assertThat(harness.plan(env, resources).isEmpty()).isTrue();
    }

    private EventConsumer consumer() {
        return consumer((environment, scope) -> {
            PassReport report = harness.pass(env, resources, scope);
            eventPasses.add(report);
            return Optional.of(report);
        }, Duration.ofSeconds(300));
    }

    private EventConsumer consumer(EventConsumer.Passes passes, Duration visibility) {
        AwsClients clients = harness.convergeClients(env);
        consumerClients.add(clients);
        return new EventConsumer("ev", clients, passes, harness.reconciler(), EnvironmentOwnership.EVERYTHING,
                new EventMeters(harness.registry()),
                new EventConsumer.Settings(Duration.ofSeconds(1), visibility, 500, Duration.ofMillis(100)));
    }

    /** Handles batches until a receive finds none; how many messages they held. */
    private static int drain(EventConsumer consumer) {
        int total = 0;
        for (int handled = consumer.handleNext(); handled > 0; handled = consumer.handleNext()) {
            total += handled;
        }
        return total;
    }

    private void awaitCorrected(Instant sent, String what, BooleanSupplier corrected) {
        EventConsumer consumer = consumer();
        Instant deadline = Instant.now().plus(PATIENCE);
        while (!corrected.getAsBoolean() && Instant.now().isBefore(deadline)) {
            consumer.handleNext();
        }
        assertThat(corrected.getAsBoolean()).as(what + " corrected after its event").isTrue();
        System.out.printf("%s: corrected %d ms after its event was put, in %d event pass(es)%n",
                what, Duration.between(sent, Instant.now()).toMillis(), eventPasses.size());
    }

    private Instant put(PutEventsRequestEntry entry) {
        return CloudTrailEvents.put(harness.aws(env), entry);
    }

    private static Change change(PassReport report, ResourceKey key) {
        return report.detected().changes().stream().filter(c -> c.key().equals(key)).findFirst().orElseThrow();
    }

    private static Environment withMode(Environment environment, Mode mode) {
        return new Environment(environment.name(), environment.region(), environment.accountId(), environment.roleArn(), mode,
                environment.prune(), environment.tags());
    }

    private long queueCalls() {
        return harness.calls("ReceiveMessage") + harness.calls("DeleteMessageBatch");
    }

    private String observedId(ResourceKey key) {
        return harness.reconciler().lastObserved("ev").orElseThrow().get(key).orElseThrow().awsId();
    }

    private String groupId() {
        return observedId(BASTION);
    }

    private Ec2Client ec2() {
        return harness.aws(env).ec2();
    }

    private List<SecurityGroup> managedGroups() {
        return ec2().describeSecurityGroups(r -> r.filters(Filter.builder().name("tag:converge:resource").values("SecurityGroup/bastion").build()))
                .securityGroups();
    }

    private List<String> ipRanges(String group) {
        return ec2().describeSecurityGroups(r -> r.groupIds(group)).securityGroups().get(0).ipPermissions().stream()
                .flatMap(p -> p.ipRanges().stream()).map(range -> range.cidrIp()).toList();
    }

    private boolean worldOpen(String group) {
        return ipRanges(group).contains("0.0.0.0/0");
    }

    private static IpPermission ssh(String cidr) {
        return IpPermission.builder().ipProtocol("tcp").fromPort(22).toPort(22).ipRanges(r -> r.cidrIp(cidr)).build();
    }
}
