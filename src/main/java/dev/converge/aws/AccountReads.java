package dev.converge.aws;

import dev.converge.model.Environment;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Reads whose answer is the same for every environment of an account (S3's ListBuckets lists the
 * account's buckets in every region), made once per account in one cycle of passes instead of once per
 * environment. A cycle is the passes one tick starts; a pass on its own is a cycle of one. A write that
 * changes such an answer forgets it, so the next round of any pass reads it anew, and an answer is
 * never used once it is older than {@link #MAX_AGE}: passes queued behind slow ones start late.
 */
public final class AccountReads {

    static final Duration MAX_AGE = Duration.ofSeconds(30);

    /** One read of one account; the account as the spec names it, see {@link #accountOf}. */
    private record Read(String account, String name) {}

    /** A read under way or done, started at {@code startedAt}; the map holds it while the call runs. */
    private record Answer(CompletableFuture<Object> value, long startedAt) {
        boolean fresh() {
            return System.nanoTime() - startedAt < MAX_AGE.toNanos();
        }
    }

    private final Map<Read, Answer> answers = new ConcurrentHashMap<>();

    /**
     * The answer this cycle already has, else {@code fetch}'s, kept for the rest of the cycle. Passes of
     * one account asking at once wait for one call, outside the map's locks; a failed read is not kept,
     * and a pass that waited on it reads for itself.
     */
    @SuppressWarnings("unchecked")
    public <T> T get(Environment environment, String name, Supplier<T> fetch) {
        Read read = new Read(accountOf(environment), name);
        while (true) {
            Answer mine = new Answer(new CompletableFuture<>(), System.nanoTime());
            Answer answer = answers.compute(read, (key, known) -> known != null && known.fresh() ? known : mine);
            if (answer == mine) {
                try {
                    T value = fetch.get();
                    mine.value().complete(value);
                    return value;
                } catch (RuntimeException | Error e) {
                    answers.remove(read, mine);
                    mine.value().completeExceptionally(e);
                    throw e;
                }
            }
            try {
                return (T) answer.value().join();
            } catch (CompletionException othersFailed) {
                // that pass reports its own failure; this one tries the read itself
            }
        }
    }

    public void forget(Environment environment, String name) {
        answers.remove(new Read(accountOf(environment), name));
    }

    /**
     * The account as the spec names it: its id, else the role's ARN; environments that name neither run on
     * the controller's own credentials, one account. Environments of one account that name it differently
     * are taken as different accounts: that costs a read, never a wrong answer.
     */
    public static String accountOf(Environment environment) {
        return environment.accountId() != null ? environment.accountId()
                : environment.roleArn() != null ? environment.roleArn() : "";
    }
}
