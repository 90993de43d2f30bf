package dev.converge.crash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.aws.AwsClients;
import dev.converge.engine.PassReport;
import dev.converge.model.Environment;
import dev.converge.model.EventRuleSpec;
import dev.converge.model.QueueSpec;
import dev.converge.model.Resource;
import dev.converge.model.ResourceKey;
import dev.converge.model.SecurityGroupSpec;
import dev.converge.spec.DesiredState;
import dev.converge.spec.SpecLoader;
import dev.converge.testing.CloudTrailEvents;
import dev.converge.testing.Harness;
import dev.converge.testing.Moto;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Converge killed with SIGKILL while it handles an event, then started again: the consumer deletes a
 * message only after the pass it asked for has run, so the killed process leaves it in the queue, the next
 * process receives it once its visibility timeout ends and handles it, and handling it a second time
 * changes nothing. The consumer runs as a process of its own ({@link EventRunner}), so the kill is a real
 * process death; the events are CloudTrail-shaped, put with {@code PutEvents} after making the change
 * ({@link CloudTrailEvents}: moto emits none itself) and routed by moto through Converge's rule to its queue.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES) // a hung child must fail the build, not stall it
class EventKillIT {

    private static final Path SPEC = Path.of("src/test/resources/specs/events");
    private static final Path WORK = Path.of("target", "crash-events");
    private static final String OFFICE = "198.51.100.0/24";

    private final Harness harness = Harness.withEvents(() -> true);
    private final DesiredState state = SpecLoader.load(SPEC);
    private final Environment env = state.environments().get("ev");
    private final List<Resource> resources = state.resourcesOf("ev");
    private static final AtomicInteger CHILDREN = new AtomicInteger();

    @BeforeEach
    void converge() throws IOException {
        Files.createDirectories(WORK);
        PassReport first = harness.pass(env, resources);
        assertThat(first.success()).as(first.toString()).isTrue();
    }

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void killedAfterReceivingAnEvent_beforeItsPass_theRestartedProcessHandlesIt() throws Exception {
        String group = openSshToTheWorld();

        List<String> killed = runUntil(EventRunner.class, "before-pass", line -> line.startsWith(EventRunner.HANDLING));

        assertThat(killed).noneMatch(EventKillIT::changesAResource);
        assertThat(worldOpen(group)).as("nothing was repaired before the kill").isTrue();
        assertThat(messagesInQueue()).as("the received message was not deleted").isEqualTo(1);

        List<String> restarted = runUntil(EventRunner.class, "none", line -> line.equals(EventRunner.DRAINED));

        assertThat(restarted).anyMatch(line -> changesAResource(line) && line.contains("RevokeSecurityGroupIngress"));
        assertThat(worldOpen(group)).as("the world-open rule, after the restarted process handled its event").isFalse();
        assertThat(messagesInQueue()).isZero();
        assertNothingCreatedTwice(group);
    }

    @Test
    void killedAfterItsPass_beforeTheDelete_theRedeliveredEventChangesNothing() throws Exception {
        String group = openSshToTheWorld();

        List<String> killed = runUntil(EventRunner.class, "after-pass", line -> line.startsWith(EventRunner.HANDLED));

        assertThat(killed).anyMatch(line -> changesAResource(line) && line.contains("RevokeSecurityGroupIngress"));
        assertThat(worldOpen(group)).isFalse();
        assertThat(messagesInQueue()).as("the handled message was not deleted before the kill").isEqualTo(1);

        List<String> restarted = runUntil(EventRunner.class, "none", line -> line.equals(EventRunner.DRAINED));

        assertThat(restarted).as("the duplicate's pass").contains(EventRunner.HANDLED + "0 success=true")
                .noneMatch(EventKillIT::changesAResource);
        assertThat(messagesInQueue()).isZero();
        assertNothingCreatedTwice(group);
    }

    /** An audit line of a call that changed a resource: receiving from the queue is audited too, and changes none. */
    private static boolean changesAResource(String line) {
        return line.startsWith(ChildConverge.CALL) && line.contains("\"resource\":");
    }

    /** Opens the bastion group to SSH from anywhere, as alice would, and puts the event CloudTrail would send. */
    private String openSshToTheWorld() {
        String group = groupId();
        AwsClients aws = harness.aws(env);
        aws.ec2().authorizeSecurityGroupIngress(r -> r.groupId(group).ipPermissions(ssh("0.0.0.0/0")));
        CloudTrailEvents.put(aws, CloudTrailEvents.byAlice("ec2", "AuthorizeSecurityGroupIngress", "groupId", group));
        return group;
    }

    /** Runs a child until a line of its output matches, then kills it (SIGKILL, not a shutdown); its output. */
    private List<String> runUntil(Class<?> main, String hold, Predicate<String> until) throws IOException, InterruptedException {
        int index = CHILDREN.incrementAndGet();
        Process child = ChildConverge.start(main, WORK.resolve("child-" + index + ".err"),
                Moto.server().endpoint().toString(), SPEC.toString(), env.name(), hold);
        List<String> output = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                output.add(line);
                if (until.test(line)) {
                    break;
                }
            }
        }
        child.destroyForcibly();
        child.waitFor();
        Files.write(WORK.resolve("child-" + index + ".out"), output);
        assertThat(output).as("output of child %d (see %s)", index, WORK).anyMatch(until);
        return output;
    }

    /** Visible and in flight: a message a dead consumer received is in flight until its visibility timeout ends. */
    private int messagesInQueue() {
        AwsClients aws = harness.aws(env);
        String url = aws.sqs().getQueueUrl(r -> r.queueName(QueueSpec.queueName(env.name(), EventRuleSpec.CONVERGE_QUEUE, false))).queueUrl();
        var attributes = aws.sqs().getQueueAttributes(r -> r.queueUrl(url).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                .attributes();
        return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    private void assertNothingCreatedTwice(String group) {
        AwsClients aws = harness.aws(env);
        assertThat(aws.ec2().describeSecurityGroups(r -> r.filters(
                        Filter.builder().name("tag:converge:resource").values("SecurityGroup/bastion").build())).securityGroups())
                .extracting(g -> g.groupId()).containsExactly(group);
        assertThat(aws.ec2().describeSecurityGroups(r -> r.groupIds(group)).securityGroups().get(0).ipPermissions().stream()
                .flatMap(p -> p.ipRanges().stream()).map(range -> range.cidrIp()).toList()).containsExactly(OFFICE);
        assertThat(harness.plan(env, resources).changes()).as("drift after the restart").isEmpty();
    }

    private String groupId() {
        return harness.reconciler().lastObserved(env.name()).orElseThrow()
                .get(ResourceKey.of(SecurityGroupSpec.KIND, "bastion")).orElseThrow().awsId();
    }

    private boolean worldOpen(String group) {
        return harness.aws(env).ec2().describeSecurityGroups(r -> r.groupIds(group)).securityGroups().get(0).ipPermissions().stream()
                .flatMap(p -> p.ipRanges().stream()).anyMatch(range -> range.cidrIp().equals("0.0.0.0/0"));
    }

    private static IpPermission ssh(String cidr) {
        return IpPermission.builder().ipProtocol("tcp").fromPort(22).toPort(22).ipRanges(r -> r.cidrIp(cidr)).build();
    }
}
