package dev.converge.model;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The kinds whose existing AWS objects a resource can adopt ({@code management.adopt}), and how each is
 * named there. Each of these kinds' drivers reads the named object as the resource; the rest refuse
 * {@code adopt} at validation.
 */
public final class Adoption {

    private static final Pattern SECURITY_GROUP_ID = Pattern.compile("sg-[0-9a-f]{8,17}");

    /** Kind to how {@code adopt} names its object. */
    public static final Map<String, String> KINDS = new TreeMap<>(Map.of(
            SecurityGroupSpec.KIND, "a security group id (sg-…)",
            BucketSpec.KIND, "the bucket's name, which must be the bucket name the spec declares"));

    private Adoption() {}

    public static boolean supports(String kind) {
        return KINDS.containsKey(kind);
    }

    /** What is wrong with {@code adopt} on the resource, if anything. */
    public static Optional<String> problem(Resource resource) {
        String adopt = resource.management().adopt();
        if (adopt == null) {
            return Optional.empty();
        }
        if (!supports(resource.kind())) {
            return Optional.of(resource.kind() + " cannot adopt an existing object; kinds that can: " + String.join(", ", KINDS.keySet()));
        }
        boolean named = switch (resource.kind()) {
            case SecurityGroupSpec.KIND -> SECURITY_GROUP_ID.matcher(adopt).matches();
            case BucketSpec.KIND -> adopt.equals(resource.spec(BucketSpec.class).withDefaultName(resource.name()).bucketName());
            default -> true;
        };
        return named ? Optional.empty() : Optional.of("'" + adopt + "' does not name a " + resource.kind() + " to adopt: "
                + resource.kind() + " is adopted by " + KINDS.get(resource.kind()));
    }
}
