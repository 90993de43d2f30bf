package dev.converge.engine;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Runs one task on its own thread, on request, one run at a time. Requests made while a run waits to
 * start share it; a request made while one runs gets the next one, so every caller sees a run that
 * started after it asked (a pass after a push, a fetch after a webhook call).
 */
final class NextRun<T> implements AutoCloseable {

    private final Supplier<T> task;
    private final ExecutorService thread;
    private CompletableFuture<T> waiting;
    private CompletableFuture<T> running;

    NextRun(String threadName, Supplier<T> task) {
        this.task = task;
        this.thread = Executors.newSingleThreadExecutor(runnable -> {
            Thread named = new Thread(runnable, threadName);
            named.setDaemon(true);
            return named;
        });
    }

    /** A run that starts after this call; completes with its result, or exceptionally with what it threw. */
    synchronized CompletableFuture<T> request() {
        if (waiting == null) {
            CompletableFuture<T> run = new CompletableFuture<>();
            waiting = run;
            thread.execute(() -> run(run));
        }
        return waiting;
    }

    /** The run in progress, so that its task can tell which of the requested runs it is. */
    synchronized CompletableFuture<T> running() {
        return running;
    }

    private void run(CompletableFuture<T> run) {
        synchronized (this) {
            waiting = null;
            running = run;
        }
        try {
            run.complete(task.get());
        } catch (RuntimeException e) {
            run.completeExceptionally(e);
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
