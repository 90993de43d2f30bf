package dev.converge.engine.events;

import dev.converge.aws.AwsClients;
import dev.converge.engine.Controller;
import dev.converge.engine.ConvergeConfig;
import dev.converge.engine.ConvergeWiring;
import dev.converge.model.Environment;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * With {@code converge.events.enabled}, one consumer thread per environment of the spec in force that this
 * installation may touch, started once {@code converge serve} starts them and kept in step with the spec
 * every few seconds; each consumes only while this replica holds its environment's lease.
 */
@ApplicationScoped
public class EventConsumers {

    private static final Logger LOG = Logger.getLogger(EventConsumers.class);

    private record Running(EventConsumer consumer, Thread thread, AwsClients clients) {}

    private final ConvergeConfig config;
    private final ConvergeWiring wiring;
    private final Controller controller;
    private final EventMetrics metrics;
    private final Map<String, Running> running = new HashMap<>();
    private boolean started;

    public EventConsumers(ConvergeConfig config, ConvergeWiring wiring, Controller controller, EventMetrics metrics) {
        this.config = config;
        this.wiring = wiring;
        this.controller = controller;
        this.metrics = metrics;
    }

    /** Called by {@code serve}; the one-shot commands never consume. */
    public synchronized void start() {
        started = config.events().enabled();
        sync();
    }

    @Scheduled(every = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    synchronized void sync() {
        if (!started) {
            return;
        }
        List<Environment> wanted = controller.spec()
                .map(s -> s.state().environments().values().stream().filter(wiring.gate()::allows).toList())
                .orElse(List.of());
        Set<String> names = wanted.stream().map(Environment::name).collect(Collectors.toSet());
        running.keySet().stream().filter(name -> !names.contains(name)).toList().forEach(this::stop);
        wanted.stream().filter(e -> !running.containsKey(e.name())).forEach(this::begin);
    }

    private void begin(Environment environment) {
        String name = environment.name();
        AwsClients clients = wiring.clientFactory().clientsFor(environment);
        ConvergeConfig.Events events = config.events();
        EventConsumer consumer = new EventConsumer(name, clients, controller::runScopedPass, wiring.reconciler(),
                wiring.ownership(), metrics,
                new EventConsumer.Settings(events.receiveWait(), events.visibilityTimeout(), events.maxBatch(), events.retryDelay()));
        Thread thread = new Thread(consumer, "converge-events-" + name);
        thread.setDaemon(true);
        thread.start();
        running.put(name, new Running(consumer, thread, clients));
        LOG.infof("consuming the event queue of %s", name);
    }

    private void stop(String name) {
        Running stopped = running.remove(name);
        stopped.consumer().stop();
        stopped.thread().interrupt();
        stopped.clients().close();
    }

    synchronized void shutdown(@Observes ShutdownEvent event) {
        started = false;
        List.copyOf(running.keySet()).forEach(this::stop);
    }
}
