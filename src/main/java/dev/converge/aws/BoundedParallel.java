package dev.converge.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/**
 * Runs independent AWS calls a few at a time. Some services have no batch read (S3 bucket
 * configuration), so one call per item is unavoidable; bounding them keeps a pass fast without
 * flooding the API and being throttled.
 */
public final class BoundedParallel {

    private static final AtomicInteger THREADS = new AtomicInteger();
    /**
     * Threads outlive a call: the SDK keeps state per thread (its XML parser factory among it) that a
     * thread per call would build again on every pass. Unbounded, because a call may map in turn; a
     * thread idle for a minute ends.
     */
    private static final ExecutorService WORKERS = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
            new SynchronousQueue<>(), task -> {
                Thread thread = new Thread(task, "converge-aws-" + THREADS.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });

    private BoundedParallel() {}

    /**
     * Applies {@code work} to every item with at most {@code parallelism} calls in flight, the caller's
     * thread making one of them. Results keep the order of the items. After a failure no further item is
     * started, and the first failure in item order is rethrown once the calls in flight have ended.
     */
    public static <T, R> List<R> map(List<T> items, int parallelism, Function<? super T, ? extends R> work) {
        int size = items.size();
        AtomicReferenceArray<R> results = new AtomicReferenceArray<>(size);
        AtomicReferenceArray<RuntimeException> failures = new AtomicReferenceArray<>(size);
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean failed = new AtomicBoolean();
        Runnable worker = () -> {
            for (int i = next.getAndIncrement(); i < size && !failed.get(); i = next.getAndIncrement()) {
                try {
                    results.set(i, work.apply(items.get(i)));
                } catch (RuntimeException e) {
                    failures.set(i, e);
                    failed.set(true);
                }
            }
        };
        List<Future<?>> helpers = new ArrayList<>();
        for (int helper = 1; helper < Math.min(parallelism, size); helper++) {
            helpers.add(WORKERS.submit(worker));
        }
        worker.run();
        awaitAll(helpers);
        List<R> answered = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            if (failures.get(i) != null) {
                throw failures.get(i);
            }
            answered.add(results.get(i));
        }
        return answered;
    }

    private static void awaitAll(List<Future<?>> helpers) {
        try {
            for (Future<?> helper : helpers) {
                helper.get();
            }
        } catch (ExecutionException e) {
            // only an Error gets here: a worker keeps every RuntimeException for its item
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            helpers.forEach(helper -> helper.cancel(true));
            throw new IllegalStateException("interrupted while waiting for AWS calls", e);
        }
    }
}
