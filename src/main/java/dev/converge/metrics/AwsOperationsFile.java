package dev.converge.metrics;

import dev.converge.engine.ConvergeConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * Writes {@code converge.aws.operations-file} as the process exits: each AWS operation its clients called
 * (the {@code converge_aws_api_calls_total} series, whatever their outcome) as {@code service operation calls}.
 * Appended, so several runs — the one-shot commands of a CI job — add up in one file.
 */
@ApplicationScoped
public class AwsOperationsFile {

    private static final Logger LOG = Logger.getLogger(AwsOperationsFile.class);

    private final ConvergeConfig config;
    private final MeterRegistry registry;

    public AwsOperationsFile(ConvergeConfig config, MeterRegistry registry) {
        this.config = config;
        this.registry = registry;
    }

    void write(@Observes ShutdownEvent event) {
        config.aws().operationsFile().ifPresent(file -> {
            Map<String, Long> calls = new TreeMap<>();
            for (Counter counter : registry.find("converge.aws.api.calls").counters()) {
                calls.merge(counter.getId().getTag("service") + " " + counter.getId().getTag("operation"), (long) counter.count(), Long::sum);
            }
            List<String> lines = calls.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList();
            try {
                Files.write(file, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                LOG.errorf("converge.aws.operations-file %s not written: %s", file, e.getMessage());
            }
        });
    }
}
