package dev.converge.aws.ec2;

import dev.converge.aws.DriverContext;
import dev.converge.aws.OwnedTags;
import dev.converge.model.Ownership;
import dev.converge.model.VpcSpec;
import dev.converge.plan.ObservedResource;
import dev.converge.plan.UnmanagedObject;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * The unmanaged report of an EC2 kind that lives in VPCs: one describe filtered by the environment's
 * managed VPCs (observation's describes are filtered by Converge's tags, so this is a call of its own),
 * keeping the objects without any Converge tag. What AWS creates with every VPC (its default security
 * group, main route table and default network ACL) is no one's doing and is left out.
 *
 * @param <T> the SDK's type of the kind
 */
record UnmanagedInVpcs<T>(
        String kind,
        Function<List<Filter>, List<T>> describe,
        Function<T, String> id,
        Function<T, String> vpcId,
        Function<T, List<Tag>> tags,
        Predicate<T> awsDefault) {

    /** Empty list without a managed VPC: then nothing is in reach, and nothing is read. */
    Optional<List<UnmanagedObject>> find(DriverContext context) {
        List<String> vpcs = context.observed().all().stream()
                .filter(r -> r.owned() && r.key().kind().equals(VpcSpec.KIND))
                .map(ObservedResource::awsId)
                .toList();
        if (vpcs.isEmpty()) {
            return Optional.of(List.of());
        }
        List<Filter> inVpcs = List.of(Filter.builder().name("vpc-id").values(vpcs).build());
        return Optional.of(describe.apply(inVpcs).stream()
                .filter(o -> vpcs.contains(vpcId.apply(o)) && !awsDefault.test(o))
                .filter(o -> OwnedTags.unmanaged(Ec2Tags.toMap(tags.apply(o))))
                .map(o -> new UnmanagedObject(kind, id.apply(o), Ec2Tags.toMap(tags.apply(o)).get(Ownership.NAME),
                        context.observed().nameOrId(VpcSpec.KIND, vpcId.apply(o))))
                .toList());
    }
}
