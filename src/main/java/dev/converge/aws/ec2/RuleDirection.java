package dev.converge.aws.ec2;

import dev.converge.model.SecurityGroupSpec;
import java.util.List;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.SecurityGroupRule;

/** Ingress or egress: the spec field each direction's rules live in and the EC2 calls that change them. */
public enum RuleDirection {
    INGRESS(SecurityGroupSpec.INGRESS) {
        @Override
        void authorize(Ec2Client ec2, String groupId, List<IpPermission> permissions) {
            ec2.authorizeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(permissions));
        }

        @Override
        void revoke(Ec2Client ec2, String groupId, List<String> ruleIds) {
            ec2.revokeSecurityGroupIngress(r -> r.groupId(groupId).securityGroupRuleIds(ruleIds));
        }
    },
    EGRESS(SecurityGroupSpec.EGRESS) {
        @Override
        void authorize(Ec2Client ec2, String groupId, List<IpPermission> permissions) {
            ec2.authorizeSecurityGroupEgress(r -> r.groupId(groupId).ipPermissions(permissions));
        }

        @Override
        void revoke(Ec2Client ec2, String groupId, List<String> ruleIds) {
            ec2.revokeSecurityGroupEgress(r -> r.groupId(groupId).securityGroupRuleIds(ruleIds));
        }
    };

    private final String field;

    RuleDirection(String field) {
        this.field = field;
    }

    public String field() {
        return field;
    }

    static RuleDirection of(SecurityGroupRule rule) {
        return Boolean.TRUE.equals(rule.isEgress()) ? EGRESS : INGRESS;
    }

    abstract void authorize(Ec2Client ec2, String groupId, List<IpPermission> permissions);

    abstract void revoke(Ec2Client ec2, String groupId, List<String> ruleIds);
}
