package dev.converge.bench;

import dev.converge.aws.Drivers;
import dev.converge.model.Environment;
import dev.converge.model.Management;
import dev.converge.model.Mode;
import dev.converge.model.Resource;
import dev.converge.model.ResourceKey;
import dev.converge.model.SecurityGroupSpec;
import dev.converge.model.SubnetSpec;
import dev.converge.model.VpcSpec;
import dev.converge.plan.DependencyOrder;
import dev.converge.plan.ObservedResource;
import dev.converge.plan.ObservedState;
import dev.converge.plan.Plan;
import dev.converge.plan.Planner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * How long the pure planner takes for large environments, and how much it allocates. Prints numbers;
 * asserts nothing about time. Run: {@code ./mvnw test -Dgroups=benchmark -DexcludedGroups= -Dtest=PlannerBenchmark}.
 */
@Tag("benchmark")
class PlannerBenchmark {

    private final Planner planner = new Planner("converge", new DependencyOrder(Drivers.kindOrder(Drivers.all())));
    private final Environment environment = new Environment("bench", "us-east-1", null, null, Mode.ENFORCE, false, Map.of("team", "platform"));

    @Test
    void planLargeEnvironments() {
        for (int size : new int[] {1_000, 5_000, 20_000}) {
            List<Resource> resources = resources(size);
            ObservedState inSync = observedAsDeclared(resources, 0);
            ObservedState tenPercentDrift = observedAsDeclared(resources, 10);
            measure("in sync", size, resources, inSync);
            measure("10% drifted", size, resources, tenPercentDrift);
        }
    }

    private void measure(String label, int size, List<Resource> resources, ObservedState observed) {
        for (int i = 0; i < 3; i++) {
            planner.plan(environment, resources, observed);
        }
        int runs = 10;
        System.gc();
        long allocatedBefore = allocatedBytes();
        long start = System.nanoTime();
        Plan plan = null;
        for (int i = 0; i < runs; i++) {
            plan = planner.plan(environment, resources, observed);
        }
        double millis = (System.nanoTime() - start) / 1e6 / runs;
        double allocatedMb = (allocatedBytes() - allocatedBefore) / 1e6 / runs;
        System.out.printf("BENCH planner %-12s resources=%6d changes=%5d  %8.1f ms/plan  %8.1f MB allocated/plan%n",
                label, size, plan.changes().size(), millis, allocatedMb);
    }

    /** One VPC, and subnets and security groups (each with 10 rules) in equal numbers. */
    private static List<Resource> resources(int size) {
        List<Resource> resources = new ArrayList<>();
        resources.add(resource(VpcSpec.KIND, "main", new VpcSpec("10.0.0.0/8", true, true, true, Map.of(), Management.DEFAULT)));
        for (int i = 0; resources.size() < size; i++) {
            String cidr = "10." + (i / 256 % 256) + "." + (i % 256) + ".0/24";
            resources.add(resource(SubnetSpec.KIND, "subnet-" + i,
                    new SubnetSpec("main", "us-east-1a", cidr, false, Map.of(), Management.DEFAULT)));
            List<SecurityGroupSpec.RuleSpec> rules = new ArrayList<>();
            for (int r = 0; r < 10; r++) {
                rules.add(new SecurityGroupSpec.RuleSpec("tcp", Integer.toString(1000 + r),
                        new SecurityGroupSpec.PeerSpec(cidr, null, null), null, "rule " + r, null));
            }
            resources.add(resource(SecurityGroupSpec.KIND, "group-" + i,
                    new SecurityGroupSpec("main", "group " + i, rules, null, Map.of(), Management.DEFAULT)));
        }
        return resources;
    }

    private ObservedState observedAsDeclared(List<Resource> resources, int driftPercent) {
        ObservedState state = new ObservedState();
        int i = 0;
        for (Resource resource : resources) {
            Map<String, Object> fields = new java.util.LinkedHashMap<>(planner.desiredFields(environment, resource));
            @SuppressWarnings("unchecked")
            Map<String, String> tags = (Map<String, String>) fields.remove("tags");
            if (driftPercent > 0 && i++ % (100 / driftPercent) == 0) {
                tags = Map.of();
            }
            state.add(ObservedResource.owned(resource.key(), "id-" + resource.key(), fields, tags, null));
        }
        return state;
    }

    private static Resource resource(String kind, String name, dev.converge.model.KindSpec spec) {
        return new Resource(ResourceKey.of(kind, name), "bench", Map.of(), spec);
    }

    private static long allocatedBytes() {
        var bean = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        return bean.getThreadAllocatedBytes(Thread.currentThread().getId());
    }
}
