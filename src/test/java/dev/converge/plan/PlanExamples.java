package dev.converge.plan;

import dev.converge.model.BucketSpec;
import dev.converge.model.ResourceKey;
import dev.converge.model.SecurityGroupRule;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Plans with one change of every action, as the planner produces them, for the renderers' tests. */
final class PlanExamples {

    private PlanExamples() {}

    static List<Plan> everyAction() {
        Change createVpc = new Change(ResourceKey.of("Vpc", "main"), Action.CREATE, List.of(
                new FieldChange("cidr", null, "10.50.0.0/16"),
                new FieldChange("tags", null, Map.of("Name", "main", "converge:environment", "prod"))), null, null, null);
        Change updateBucket = new Change(ResourceKey.of("Bucket", "uploads"), Action.UPDATE, List.of(
                new FieldChange("versioning", false, true),
                new FieldChange("encryption", null, new BucketSpec.Encryption(BucketSpec.Encryption.AES256, null, false))),
                null, null, null);
        Change updateGroup = new Change(ResourceKey.of("SecurityGroup", "bastion"), Action.UPDATE, List.of(
                new FieldChange("ingress",
                        rules(SecurityGroupRule.of("tcp", "22", "0.0.0.0/0", null), SecurityGroupRule.of("tcp", "22", "10.0.0.0/8", "office")),
                        rules(SecurityGroupRule.of("tcp", "22", "10.0.0.0/8", "office"))),
                new FieldChange("tags", Map.of("team", "web"), Map.of("team", "platform"))), null, null, null);
        Change blocked = new Change(ResourceKey.of("Subnet", "app-a"), Action.REPLACEMENT_BLOCKED, List.of(
                new FieldChange("zone", "us-east-1a", "us-east-1b")), null, null,
                "zone cannot change in place; set management.allowReplacement to replace");
        Change delete = new Change(ResourceKey.of("RouteTable", "old"), Action.DELETE, List.of(), null, null,
                "removed from the spec; prune is on");
        Change orphan = new Change(ResourceKey.of("Subnet", "legacy"), Action.ORPHAN, List.of(), null, null,
                "removed from the spec; prune is off, so it is left in place");
        Change conflict = new Change(ResourceKey.of("Bucket", "logs"), Action.CONFLICT, List.of(), null, null,
                "acme-logs already exists without Converge's ownership tags; it is never changed");
        Change refused = new Change(ResourceKey.of("Subnet", "data-a"), Action.DELETE_REFUSED, List.of(), null, null,
                "refused to delete 3 of 4 managed resources (75%): more than the limit of 25%");
        return List.of(
                new Plan("prod", List.of(createVpc, updateBucket, updateGroup, blocked, delete, orphan, conflict, refused)),
                new Plan("dev", List.of()));
    }

    private static Set<SecurityGroupRule> rules(SecurityGroupRule... rules) {
        return new TreeSet<>(List.of(rules));
    }
}
