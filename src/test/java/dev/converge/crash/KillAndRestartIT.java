package dev.converge.crash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.model.AuroraClusterSpec;
import dev.converge.model.Environment;
import dev.converge.model.FunctionSpec;
import dev.converge.model.InstanceRoleSpec;
import dev.converge.model.NatGatewaySpec;
import dev.converge.model.Resource;
import dev.converge.model.VpcSpec;
import dev.converge.spec.DesiredState;
import dev.converge.spec.SpecLoader;
import dev.converge.testing.CodeObjects;
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
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Converge killed with SIGKILL at many points of a large apply and restarted each time: because every
 * create carries its ownership tags in the create call (and a client token where the API has one), the
 * next process finds what the killed one created but never recorded. At the end there is exactly one
 * AWS object per declared resource, nothing untagged is left behind, and a last pass finds no drift.
 *
 * <p>Converge runs as a separate JVM ({@link PassRunner}) so the kill is a real process death, not an
 * exception a finally block could tidy up after.
 */
class KillAndRestartIT {

    /** Fixed so a failure replays with the same kill points. */
    private static final long SEED = 20_261_127L;
    private static final int KILLS = 22;
    /** About as many mutating calls as an uninterrupted apply of the spec makes; kills land all through it. */
    private static final int APPLY_CALLS = 200;
    private static final Path WORK = Path.of("target", "crash");

    private final Harness harness = new Harness();

    /** One child process: how many mutating calls it reported, whether it converged, how long it lived. */
    private record Run(int calls, boolean converged, long millis, int exitCode) {}

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES) // a hung child must fail the build, not stall it; 3-4 min on a quiet 2-core machine
    void killedAtManyPointsOfALargeApply_convergesWithNoTwinAndNoUntaggedOrphan() throws Exception {
        Path specDir = CrashSpec.writeTo(WORK.resolve("spec"));
        DesiredState spec = SpecLoader.load(specDir);
        Environment prod = spec.environments().get("prod");
        List<Resource> resources = spec.resourcesOf("prod");
        CodeObjects.publishFor(harness, prod, resources);
        assertThat(resources).hasSizeGreaterThanOrEqualTo(60);

        int[] killPoints = new Random(SEED).ints(1, APPLY_CALLS).distinct().limit(KILLS).sorted().toArray();
        int progress = 0;
        int landed = 0;
        for (int kill = 1; kill <= KILLS; kill++) {
            int after = Math.max(1, killPoints[kill - 1] - progress);
            Run run = runChild(specDir, kill, after);
            progress += run.calls();
            System.out.printf("crash: kill %2d at mutating call %3d (child's call %2d), child lived %4d ms%s%n",
                    kill, progress, after, run.millis(), run.converged() ? " — had already converged" : "");
            if (!run.converged()) {
                landed++;
            }
        }
        Run last = runChild(specDir, KILLS + 1, Integer.MAX_VALUE);
        System.out.printf("crash: final child made %d mutating calls in %d ms and exited %d%n",
                last.calls(), last.millis(), last.exitCode());

        assertThat(landed).as("kills that landed before the apply had converged").isGreaterThanOrEqualTo(20);
        assertThat(last.converged()).as("the last child converges (see %s)", WORK).isTrue();
        assertThat(last.exitCode()).isZero();
        List<Inventory.Item> inventory = Inventory.read(harness.aws(prod));
        assertExactlyOneObjectPerDeclaredResource(inventory, resources);
        // the functions' external code buckets are the build pipeline's, which this test plays
        Set<String> codeBuckets = resources.stream().filter(r -> r.spec() instanceof FunctionSpec)
                .map(r -> r.spec(FunctionSpec.class).code().externalBucket()).filter(Objects::nonNull).collect(Collectors.toSet());
        assertThat(inventory.stream().filter(i -> !i.carriesOwnership())
                        .filter(i -> !(i.type().equals("Bucket") && codeBuckets.contains(i.id()))).toList())
                .as("objects without Converge's ownership tags").isEmpty();
        assertThat(harness.plan(prod, resources).changes()).as("drift after the crashes").isEmpty();
    }

    private static void assertExactlyOneObjectPerDeclaredResource(List<Inventory.Item> inventory, List<Resource> resources) {
        Map<String, Long> byTag = inventory.stream()
                .filter(i -> !Set.of("InternetGateway", "Address", "DbInstance", "InstanceProfile").contains(i.type()))
                .filter(i -> i.resourceTag() != null)
                .collect(Collectors.groupingBy(i -> i.type() + " " + i.resourceTag(), Collectors.counting()));
        Map<String, Long> declared = resources.stream()
                .collect(Collectors.groupingBy(r -> r.kind() + " " + r.key(), Collectors.counting()));
        assertThat(byTag).as("AWS objects per declared resource").isEqualTo(declared);
        for (Resource resource : resources) {
            switch (resource.kind()) {
                case VpcSpec.KIND -> assertThat(Inventory.count(inventory, "InternetGateway", resource.key().toString()))
                        .as("internet gateways of %s", resource.key()).isEqualTo(1);
                case NatGatewaySpec.KIND -> assertThat(Inventory.count(inventory, "Address", resource.key().toString()))
                        .as("Elastic IPs of %s", resource.key()).isEqualTo(1);
                // a Lambda execution role has no instance profile
                case InstanceRoleSpec.KIND -> assertThat(Inventory.count(inventory, "InstanceProfile", resource.key().toString()))
                        .as("instance profiles of %s", resource.key())
                        .isEqualTo(resource.spec(InstanceRoleSpec.class).forInstances() ? 1 : 0);
                case AuroraClusterSpec.KIND -> assertThat(Inventory.count(inventory, "DbInstance", resource.key().toString()))
                        .as("instances of %s", resource.key())
                        .isEqualTo(resource.spec(AuroraClusterSpec.class).readers() + 1);
                default -> { }
            }
        }
    }

    /** Starts a Converge process and kills it once it has reported {@code killAfter} mutating calls. */
    private static Run runChild(Path specDir, int index, int killAfter) throws IOException, InterruptedException {
        long started = System.nanoTime();
        Process child = ChildConverge.start(PassRunner.class, WORK.resolve("child-" + index + ".err"),
                Moto.server().endpoint().toString(), specDir.toString());
        int calls = 0;
        boolean converged = false;
        List<String> output = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                output.add(line);
                if (line.startsWith(PassRunner.CALL) && ++calls >= killAfter) {
                    child.destroyForcibly();
                    break;
                }
                converged |= line.equals(PassRunner.CONVERGED);
            }
        }
        int exit = child.waitFor();
        Files.write(WORK.resolve("child-" + index + ".out"), output);
        return new Run(calls, converged, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), exit);
    }
}
