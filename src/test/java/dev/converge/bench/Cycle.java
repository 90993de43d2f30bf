package dev.converge.bench;

import dev.converge.aws.AccountReads;
import dev.converge.engine.PassReport;
import dev.converge.model.Environment;
import dev.converge.model.Resource;
import dev.converge.testing.Harness;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * One pass over every environment, as many at once as the controller runs by default, waiting for all;
 * what is read for a whole account (its buckets, its distributions) is read once for the cycle, as a tick
 * of the controller reads it.
 */
final class Cycle {

    private Cycle() {}

    static List<PassReport> run(Harness harness, Map<Environment, List<Resource>> estate, ExecutorService pool) {
        AccountReads cycle = new AccountReads();
        List<CompletableFuture<PassReport>> passes = estate.entrySet().stream()
                .map(e -> CompletableFuture.supplyAsync(() -> harness.pass(e.getKey(), e.getValue(), cycle), pool))
                .toList();
        return passes.stream().map(CompletableFuture::join).toList();
    }

    /** Steps that a further pass would still carry out. */
    static long workLeft(List<PassReport> reports) {
        return reports.stream()
                .mapToLong(r -> r.remaining() == null ? Long.MAX_VALUE / reports.size() : r.remaining().executable().size())
                .sum();
    }
}
