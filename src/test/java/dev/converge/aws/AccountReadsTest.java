package dev.converge.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.converge.model.Environment;
import dev.converge.model.Mode;
import java.util.List;
import java.util.Map;
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

    private List<String> list(Environment environment) {
        return cycle.get(environment, "s3:ListBuckets", () -> List.of("read " + reads.incrementAndGet()));
    }

    private static Environment environment(String name, String account) {
        return new Environment(name, "us-east-1", account, null, Mode.ENFORCE, false, Map.of());
    }
}
