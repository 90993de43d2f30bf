package dev.converge.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.converge.engine.Controller;
import dev.converge.engine.EnvironmentOwnership;
import dev.converge.engine.PassScheduler;
import dev.converge.iam.IamCheck;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The application with leases on, against a mock API server: nothing is owned until {@code serve}
 * starts, then this only replica takes both environments and converges them at once. Tests run no
 * scheduled passes, so every pass here is one the lease hand-over started.
 */
@QuarkusTest
@QuarkusTestResource(value = KubernetesApiResource.class, restrictToAnnotatedClass = true)
class LeaseWiringIT {

    /** Every AWS call this application made is one the environment role's policy in {@code iam/} allows. */
    @AfterEach
    void everyAwsCallIsAllowedByTheEnvironmentPolicy() {
        IamCheck.assertAllowed(registry);
    }

    @Inject
    EnvironmentOwnership ownership;

    @Inject
    PassScheduler scheduler;

    @Inject
    Controller controller;

    @Inject
    MeterRegistry registry;

    @Test
    void serveTakesTheLeasesOfEveryEnvironment_andConvergesWhatItTookWithoutWaitingForATick() {
        assertThat(ownership.mayMutate("prod")).as("no lease before serve").isFalse();

        scheduler.start();
        eventually(() -> ownership.mayMutate("prod") && ownership.mayMutate("nonprod"), "the only replica takes prod and nonprod");

        try (KubernetesClient client = KubernetesApiResource.server.createClient()) {
            Lease prod = client.leases().inNamespace("converge-system").withName("converge-prod").get();
            assertThat(prod.getSpec().getHolderIdentity()).isEqualTo("converge-0");
            assertThat(client.leases().inNamespace("converge-system").withName("converge-member-converge-0").get()).isNotNull();
        }
        assertThat(registry.get("converge.environment.owned").tag("environment", "prod").gauge().value()).isEqualTo(1.0);
        assertThat(ownership.owner("prod")).contains("converge-0");

        eventually(() -> controller.lastPasses().keySet().containsAll(java.util.Set.of("prod", "nonprod")),
                "a pass over each environment taken, with no scheduled pass");
        assertThat(controller.lastPasses().values()).allSatisfy(last -> assertThat(last.report().success())
                .as(last.report().toString()).isTrue());
    }

    static void eventually(BooleanSupplier condition, String expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within 60 s: " + expected);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }
}
