package dev.converge.aws;

import dev.converge.model.Resource;
import dev.converge.model.ResourceKey;
import dev.converge.model.UnmanagedScope;
import dev.converge.plan.FieldChange;
import dev.converge.plan.ObservedResource;
import dev.converge.plan.UnmanagedObject;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * All AWS knowledge of one resource kind. Implementations are idempotent by contract: create is only
 * called for a resource that was not observed, and writes Converge's tags in the create call itself;
 * deleting something already gone succeeds.
 */
public interface ResourceDriver {

    String kind();

    /**
     * Reads every resource of this kind that this controller manages in the environment, in batched,
     * tag-filtered, paginated calls, mapped to the spec's normalised fields.
     *
     * @param declared the environment's declared resources of this kind, for kinds that cannot list by
     *     tag (S3 bucket names are global)
     */
    List<ObservedResource> observe(List<Resource> declared, DriverContext context);

    /**
     * Creates the resource and returns its AWS id. It may leave some fields to a follow-up update: the
     * engine observes again after creating and converges what remains in the same pass.
     */
    String create(Resource resource, DriverContext context);

    /** Brings the listed fields of an existing resource to their declared values. */
    void update(Resource resource, ObservedResource live, List<FieldChange> changes, DriverContext context);

    void delete(ObservedResource live, DriverContext context);

    /**
     * Observes only the resources {@code only} names (an event named them), with {@code declared} the
     * declared ones among them, for a kind that can read some of its resources for fewer calls than all of
     * them; the pass takes the kind's others as its last observation left them. Empty when the kind cannot:
     * it is observed whole.
     */
    default Optional<List<ObservedResource>> observeOnly(Set<ResourceKey> only, List<Resource> declared, DriverContext context) {
        return Optional.empty();
    }

    /**
     * Reads the existing object that the resource adopts (its {@code management.adopt}, an AWS id or name)
     * as this resource would be observed, with its live tags; empty when no such object exists, or when
     * it carries another resource's ownership tags. Executing the adoption is an {@link #update} of its
     * tags; the declared fields converge in the rounds after. Kinds listed in
     * {@link dev.converge.model.Adoption#KINDS} implement it; validation refuses {@code adopt} on the rest.
     */
    default Optional<ObservedResource> observeForAdoption(Resource resource, DriverContext context) {
        throw new UnsupportedOperationException(kind() + " cannot adopt existing objects");
    }

    /**
     * Replaces a resource whose spec changed a field AWS cannot change in place and allows replacement.
     * Kinds that must weigh the spec before deleting (a protected database) override it.
     *
     * @return the AWS id of the new resource
     */
    default String replace(Resource resource, ObservedResource live, DriverContext context) {
        delete(live, context);
        return create(resource, context);
    }

    /**
     * The objects of this kind within the environment's reach that carry no Converge tag, for the
     * unmanaged report; read after the pass's last observation, which {@code context} holds, and never
     * changed. Empty when the kind has no such report, or none within this scope.
     */
    default Optional<List<UnmanagedObject>> unmanaged(UnmanagedScope scope, DriverContext context) {
        return Optional.empty();
    }
}
