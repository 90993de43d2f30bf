package dev.converge.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.converge.model.Environment;
import dev.converge.model.Mode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AccountReadsTest {

    private final AccountReads cycle = new AccountReads();
    private final AtomicInteger reads = new AtomicInteger();

    @Test
    void environmentsOfOneAccount_shareOneRead_andAnotherAccountReadsItsOwn() {
        assertThat(list(environment("blue", "111111111111"))).isEqualTo(List.of("read 1"));
        assertThat(list(environment("green", "111111111111"))).isEqualTo(List.of("read 1"));
        assertThat(list(environment("other", "222222222222"))).isEqualTo(List.of("read 2"));
    }

    @Test
    void environmentsOnTheControllersOwnCredentials_areOneAccount() {
        list(environment("blue", null));
        list(environment("green", null));

        assertThat(reads).hasValue(1);
    }

    @Test
    void aForgottenAnswer_isReadAgain_byEveryEnvironmentOfTheAccount() {
        list(environment("blue", "111111111111"));
        cycle.forget(environment("green", "111111111111"), "s3:ListBuckets");

        assertThat(list(environment("blue", "111111111111"))).isEqualTo(List.of("read 2"));
    }

    @Test
    void aFailedRead_isNotKept() {
        Environment blue = environment("blue", "111111111111");
        assertThatThrownBy(() -> cycle.get(blue, "s3:ListBuckets", () -> {
            throw new IllegalStateException("throttled");
        })).hasMessage("throttled");

        assertThat(list(blue)).isEqualTo(List.of("read 1"));
    }

    @Test
    void passesAskingAtOnce_waitForOneRead_whileOtherReadsGoOn() throws Exception {
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService passes = Executors.newFixedThreadPool(3);
        try {
            Future<List<String>> blue = passes.submit(() -> cycle.get(environment("blue", "111111111111"), "s3:ListBuckets", () -> {
                reading.countDown();
                await(release);
                return List.of("read " + reads.incrementAndGet());
            }));
            reading.await();
            Future<List<String>> green = passes.submit(() -> list(environment("green", "111111111111")));
            // another read, even of the same account, is not held up by the one under way
            assertThat(cycle.get(environment("green", "111111111111"), "ec2:DescribeAvailabilityZones", () -> List.of("zones")))
                    .containsExactly("zones");
            release.countDown();

            assertThat(blue.get(10, TimeUnit.SECONDS)).containsExactly("read 1");
            assertThat(green.get(10, TimeUnit.SECONDS)).containsExactly("read 1");
            assertThat(reads).hasValue(1);
        } finally {
            passes.shutdownNow();
        }
    }

    @Test
    void aPassThatWaitedOnAFailedRead_readsForItself() throws Exception {
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService passes = Executors.newFixedThreadPool(2);
        try {
            Future<List<String>> blue = passes.submit(() -> cycle.get(environment("blue", "111111111111"), "s3:ListBuckets", () -> {
                reading.countDown();
                await(release);
                throw new IllegalStateException("throttled");
            }));
            reading.await();
            Future<List<String>> green = passes.submit(() -> list(environment("green", "111111111111")));
            release.countDown();

            assertThatThrownBy(() -> blue.get(10, TimeUnit.SECONDS)).hasRootCauseMessage("throttled");
            assertThat(green.get(10, TimeUnit.SECONDS)).containsExactly("read 1");
        } finally {
            passes.shutdownNow();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private List<String> list(Environment environment) {
        return cycle.get(environment, "s3:ListBuckets", () -> List.of("read " + reads.incrementAndGet()));
    }

    private static Environment environment(String name, String account) {
        return new Environment(name, "us-east-1", account, null, Mode.ENFORCE, false, Map.of());
    }
}
