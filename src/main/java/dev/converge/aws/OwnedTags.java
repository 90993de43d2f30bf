package dev.converge.aws;

import dev.converge.model.Ownership;
import dev.converge.model.ResourceKey;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * What every driver does with tags, whatever the service's tag type: reading the ownership tags of an
 * object, and converting between the services' tag lists and a map.
 */
public final class OwnedTags {

    private static final Logger LOG = Logger.getLogger(OwnedTags.class);

    private OwnedTags() {}

    /**
     * The spec key of an object of the given kind, if its tags say this controller manages it in this
     * environment. Also guards against APIs that ignore tag filters (moto's DescribeNatGateways). An
     * object that carries this controller's and environment's tags but a {@code converge:resource} that
     * does not name a resource of the kind (no {@code /}, an empty name, another or an unknown kind) was
     * tagged by hand: it is logged and ignored, so it cannot break the observation of the environment.
     *
     * @param awsId the object's id, for the log line
     */
    public static Optional<ResourceKey> key(Map<String, String> tags, String kind, String awsId, DriverContext context) {
        if (!context.controller().equals(tags.get(Ownership.MANAGED_BY))
                || !context.environment().name().equals(tags.get(Ownership.ENVIRONMENT))) {
            return Optional.empty();
        }
        String value = tags.get(Ownership.RESOURCE);
        Optional<ResourceKey> key = ResourceKey.tryParse(value).filter(k -> k.kind().equals(kind));
        if (key.isEmpty()) {
            LOG.warnf("environment %s: ignoring %s, whose %s tag %s does not name a %s (%s/<name>)",
                    context.environment().name(), awsId, Ownership.RESOURCE,
                    value == null ? "is missing" : "'" + value + "'", kind, kind);
        }
        return key;
    }

    /** Whether an object carries no Converge tag at all: neither this installation's nor another's. */
    public static boolean unmanaged(Map<String, String> tags) {
        return tags.keySet().stream().noneMatch(key -> key.startsWith(Ownership.PREFIX));
    }

    public static <T> Map<String, String> toMap(List<T> tags, Function<T, String> key, Function<T, String> value) {
        Map<String, String> map = new LinkedHashMap<>();
        tags.forEach(t -> map.put(key.apply(t), value.apply(t)));
        return map;
    }

    /** The tags as a service's tag list, sorted by key so that a request's text is the same in every JVM. */
    public static <T> List<T> toList(Map<String, String> tags, BiFunction<String, String, T> tag) {
        return tags.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(Comparator.naturalOrder()))
                .map(e -> tag.apply(e.getKey(), e.getValue()))
                .toList();
    }
}
