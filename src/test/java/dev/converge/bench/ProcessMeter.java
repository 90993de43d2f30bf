package dev.converge.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * CPU and memory of this JVM and of moto. moto runs as a child process, so the JVM's own CPU time is
 * the controller's (with the benchmark's little bookkeeping, JIT and GC), and moto's is read apart.
 */
final class ProcessMeter {

    /**
     * CPU consumed so far, and when; of the JVM's, the time its JIT compilers and its collector have taken
     * (both as the JVM accounts them: compiler threads' time, collection pauses), which fall as it warms up.
     */
    record Sample(long wallNanos, long jvmCpuNanos, long jitMillis, long gcMillis, long motoCpuNanos) {

        static Sample now() {
            return new Sample(System.nanoTime(), jvmCpu(), ManagementFactory.getCompilationMXBean().getTotalCompilationTime(),
                    ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionTime).sum(),
                    motoCpu());
        }

        Usage until(Sample later) {
            return new Usage(Duration.ofNanos(later.wallNanos - wallNanos), Duration.ofNanos(later.jvmCpuNanos - jvmCpuNanos),
                    Duration.ofMillis(later.jitMillis - jitMillis), Duration.ofMillis(later.gcMillis - gcMillis),
                    Duration.ofNanos(later.motoCpuNanos - motoCpuNanos));
        }
    }

    record Usage(Duration wall, Duration jvmCpu, Duration jit, Duration gc, Duration motoCpu) {

        double jvmShare() {
            return wall.isZero() ? 0 : (double) jvmCpu.toNanos() / wall.toNanos();
        }
    }

    /** Heap in use after a full collection (what the estate keeps alive), committed heap, resident set now and at peak. */
    record Memory(long liveHeapMb, long committedHeapMb, long maxHeapMb, long rssMb, long peakRssMb) {

        static Memory now() {
            System.gc();
            MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
            return new Memory(heap.getUsed() >> 20, heap.getCommitted() >> 20, heap.getMax() >> 20,
                    status("VmRSS:"), status("VmHWM:"));
        }
    }

    private ProcessMeter() {}

    private static long jvmCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static long motoCpu() {
        return ProcessHandle.current().descendants()
                .mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L))
                .sum();
    }

    /** A /proc/self/status line in MiB; the kernel reports kB. */
    private static long status(String field) {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(line -> line.startsWith(field))
                    .mapToLong(line -> Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]) >> 10)
                    .findFirst()
                    .orElse(-1);
        } catch (IOException e) {
            return -1;
        }
    }
}
