package dev.converge.iam;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks the AWS operations Converge's clients made (the {@code converge.aws.api.calls} counter the call
 * observer records, in this JVM or, from an application in another process or one that has exited, its
 * {@code converge.aws.operations-file}) against the policies in {@code iam/}: {@code sts:AssumeRole}
 * against the controller's, everything else against the environment role's.
 */
public final class IamCheck {

    private static final IamPolicy ENVIRONMENT = IamPolicy.environment();
    private static final IamPolicy CONTROLLER = IamPolicy.controller();

    private IamCheck() {}

    /** "service:operation → action" for every recorded call some needed action of which no policy allows. */
    public static Set<String> disallowed(MeterRegistry registry) {
        Set<String> missing = new TreeSet<>();
        for (Counter counter : registry.find("converge.aws.api.calls").counters()) {
            String service = counter.getId().getTag("service");
            String operation = counter.getId().getTag("operation");
            missing.addAll(disallowed(service, operation));
        }
        return missing;
    }

    /** "service operation" of every line of a {@code converge.aws.operations-file}; none when no run wrote it. */
    public static Set<String> operations(Path operationsFile) {
        try {
            return Files.exists(operationsFile)
                    ? Files.readAllLines(operationsFile).stream().filter(line -> !line.isBlank())
                            .map(line -> line.substring(0, line.lastIndexOf(' '))).collect(java.util.stream.Collectors.toCollection(TreeSet::new))
                    : Set.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<String> disallowed(String service, String operation) {
        return IamActions.required(service, operation).stream()
                .filter(action -> !policyFor(action).allows(action))
                .map(action -> service + ":" + operation + " → " + action)
                .toList();
    }

    /** Fails with the calls no policy allows, naming the policy file to extend. */
    public static void assertAllowed(MeterRegistry registry) {
        assertNone(disallowed(registry));
    }

    /** Fails with the operations of a {@code converge.aws.operations-file} that no policy allows. */
    public static void assertAllowed(Path operationsFile) {
        Set<String> missing = new TreeSet<>();
        for (String operation : operations(operationsFile)) {
            String[] serviceAndName = operation.split(" ");
            missing.addAll(disallowed(serviceAndName[0], serviceAndName[1]));
        }
        assertNone(missing);
    }

    private static void assertNone(Set<String> missing) {
        if (!missing.isEmpty()) {
            throw new AssertionError("AWS calls the IAM policies in " + IamPolicy.DIRECTORY
                    + " do not allow (add the action to environment-policy.json, scoped by tags where AWS supports it): "
                    + missing);
        }
    }

    private static IamPolicy policyFor(String action) {
        return action.equalsIgnoreCase("sts:AssumeRole") ? CONTROLLER : ENVIRONMENT;
    }
}
