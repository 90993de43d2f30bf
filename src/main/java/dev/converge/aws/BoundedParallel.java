package dev.converge.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Runs independent AWS calls a few at a time. Some services have no batch read (S3 bucket
 * configuration), so one call per item is unavoidable; bounding them keeps a pass fast without
 * flooding the API and being throttled.
 */
public final class BoundedParallel {

    private static final AtomicInteger THREADS = new AtomicInteger();

    private BoundedParallel() {}

    /**
     * Applies {@code work} to every item with at most {@code parallelism} calls in flight. Results keep
     * the order of the items; the first failure, in item order, is rethrown and the rest are cancelled.
     */
    public static <T, R> List<R> map(List<T> items, int parallelism, Function<? super T, ? extends R> work) {
        if (items.size() <= 1) {
            List<R> results = new ArrayList<>(items.size());
            items.forEach(item -> results.add(work.apply(item)));
            return results;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, items.size()), task -> {
            Thread thread = new Thread(task, "converge-aws-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<R>> futures = new ArrayList<>(items.size());
            items.forEach(item -> futures.add(pool.submit(() -> work.apply(item))));
            List<R> results = new ArrayList<>(items.size());
            for (Future<R> future : futures) {
                results.add(await(future));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static <R> R await(Future<R> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error cause) {
                throw cause;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for AWS calls", e);
        }
    }
}
