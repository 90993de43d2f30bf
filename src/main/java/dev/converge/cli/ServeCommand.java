package dev.converge.cli;

import dev.converge.engine.PassScheduler;
import dev.converge.engine.events.EventConsumers;
import io.quarkus.runtime.Quarkus;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** The continuous controller: passes on the interval, metrics and health over HTTP, until stopped. */
@Command(name = "serve", description = "Run the controller: converge on every interval until stopped (the default).")
public class ServeCommand implements Callable<Integer> {

    private final PassScheduler scheduler;
    private final EventConsumers events;

    public ServeCommand(PassScheduler scheduler, EventConsumers events) {
        this.scheduler = scheduler;
        this.events = events;
    }

    @Override
    public Integer call() {
        scheduler.startWithFirstPass();
        events.start();
        Quarkus.waitForExit();
        return ExitCodes.OK;
    }
}
