package dev.converge.bench;

import dev.converge.aws.AwsClients;
import dev.converge.aws.DriverContext;
import dev.converge.aws.Drivers;
import dev.converge.aws.ResourceDriver;
import dev.converge.model.Environment;
import dev.converge.model.Resource;
import dev.converge.model.ResourceKey;
import dev.converge.plan.ObservedResource;
import dev.converge.plan.ObservedState;
import dev.converge.testing.Harness;
import java.util.List;

/**
 * What a per-resource refresher keeps between runs, like Terraform's state: every resource of an
 * environment with its AWS id. Taken once, through clients whose calls are not counted.
 */
record StateFile(Environment environment, List<Entry> entries) {

    record Entry(ResourceKey key, String awsId) {

        String kind() {
            return key.kind();
        }
    }

    String idOf(String kind, String name) {
        return entries.stream().filter(e -> e.key().equals(ResourceKey.of(kind, name))).map(Entry::awsId).findFirst()
                .orElseThrow(() -> new IllegalStateException(kind + " " + name + " is not in the state of " + environment.name()));
    }

    static StateFile of(Environment environment, List<Resource> resources, AwsClients uncounted) {
        DriverContext context = new DriverContext(environment, Harness.CONTROLLER, uncounted, new ObservedState());
        List<Entry> entries = new java.util.ArrayList<>();
        for (ResourceDriver driver : Drivers.all()) {
            List<Resource> declared = resources.stream().filter(r -> r.kind().equals(driver.kind())).toList();
            for (ObservedResource observed : driver.observe(declared, context)) {
                context.observed().add(observed);
                if (observed.owned()) {
                    entries.add(new Entry(observed.key(), observed.awsId()));
                }
            }
        }
        return new StateFile(environment, entries);
    }
}
