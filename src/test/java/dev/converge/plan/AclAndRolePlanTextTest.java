package dev.converge.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.model.InstanceRoleSpec;
import dev.converge.model.InstanceRoleSpec.InlinePolicy;
import dev.converge.model.NetworkAclSpec.EntrySpec;
import dev.converge.model.ResourceKey;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** How ACL entries and instance role policies read in a plan: entries in rule order, policy documents as digests. */
class AclAndRolePlanTextTest {

    @Test
    void anAclEntryChangedInPlace_showsAsTheOldEntryRemovedAndTheNewOneAdded_byRuleNumber() {
        Set<Object> live = new TreeSet<>(List.of(entry(100, "tcp", "443", "0.0.0.0/0"), entry(130, "tcp", "22", "0.0.0.0/0")));
        Set<Object> wanted = new TreeSet<>(List.of(entry(100, "tcp", "443", "0.0.0.0/0"), entry(130, "tcp", "22", "203.0.113.0/24")));
        Change change = new Change(ResourceKey.of("NetworkAcl", "public"), Action.UPDATE,
                List.of(new FieldChange("inbound", live, wanted)), null, null, null);

        assertThat(new PlanRenderer(false).environment("prod", List.of(change), c -> null)).isEqualTo("""
                Environment prod
                  ~ update  NetworkAcl/public
                      inbound:
                        + 130 allow tcp 22 203.0.113.0/24
                        - 130 allow tcp 22 0.0.0.0/0

                """);
    }

    @Test
    void anInlinePolicyShowsByName_withADigestOfItsDocument_neverItsText() {
        String document = "{\"Statement\":[{\"Action\":[\"ssm:GetParametersByPath\"],\"Effect\":\"Allow\",\"Resource\":[\"arn:aws:ssm:us-east-1:111111111111:parameter/prod/api/*\"]}],\"Version\":\"2012-10-17\"}";
        Change change = new Change(ResourceKey.of(InstanceRoleSpec.KIND, "api"), Action.UPDATE,
                List.of(new FieldChange(InstanceRoleSpec.INLINE_POLICIES, Set.of(), Set.of(new InlinePolicy("parameters", document)))),
                null, null, null);

        String text = new PlanRenderer(false).environment("prod", List.of(change), c -> null);

        assertThat(text).contains("+ parameters sha256:").doesNotContain("111111111111").doesNotContain("ssm:");
    }

    private static Object entry(int rule, String protocol, String ports, String cidr) {
        return new EntrySpec(rule, protocol, ports, null, null, cidr, "allow").normalized();
    }
}
