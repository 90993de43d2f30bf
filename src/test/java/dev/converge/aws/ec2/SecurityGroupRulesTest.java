package dev.converge.aws.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.model.SecurityGroupRule;
import org.junit.jupiter.api.Test;

/**
 * EC2's {@code IpProtocol} values as DescribeSecurityGroupRules reports them (names for tcp, udp, icmp
 * and icmpv6, {@code -1} for all, numbers for the rest) read as the rules a spec writes, and back.
 */
class SecurityGroupRulesTest {

    @Test
    void ec2Rules_readAsTheSpecWritesThem() {
        assertThat(SecurityGroupRules.fromEc2("tcp", 443, 443, "0.0.0.0/0", "https"))
                .isEqualTo(SecurityGroupRule.of("6", "443", "0.0.0.0/0", "https"));
        assertThat(SecurityGroupRules.fromEc2("udp", 0, 65535, "10.0.0.0/8", null))
                .isEqualTo(SecurityGroupRule.of("udp", null, "10.0.0.0/8", null));
        assertThat(SecurityGroupRules.fromEc2("icmp", 8, -1, "10.0.0.0/8", null))
                .isEqualTo(SecurityGroupRule.icmp("icmp", 8, null, "10.0.0.0/8", null));
        assertThat(SecurityGroupRules.fromEc2("icmpv6", -1, -1, "::/0", null))
                .isEqualTo(SecurityGroupRule.of("58", null, "::/0", null));
    }

    @Test
    void allProtocols_areMinusOneInEc2_withPortsAbsentOrMinusOne() {
        SecurityGroupRule all = SecurityGroupRule.of("all", null, "0.0.0.0/0", null);

        assertThat(SecurityGroupRules.fromEc2("-1", null, null, "0.0.0.0/0", null)).isEqualTo(all);
        assertThat(SecurityGroupRules.fromEc2("-1", -1, -1, "0.0.0.0/0", null)).isEqualTo(all);
        assertThat(SecurityGroupRules.ipProtocol(all.protocol())).isEqualTo("-1");
    }

    @Test
    void namedProtocols_areSentByName_andUnnamedOnesByNumber_inBothDirections() {
        assertThat(SecurityGroupRules.ipProtocol(SecurityGroupRule.of("6", "22", "10.0.0.0/8", null).protocol())).isEqualTo("tcp");
        assertThat(SecurityGroupRules.ipProtocol(SecurityGroupRule.of("icmpv6", null, "::/0", null).protocol())).isEqualTo("icmpv6");

        SecurityGroupRule esp = SecurityGroupRule.of("50", null, "10.0.0.0/8", null);
        assertThat(SecurityGroupRules.ipProtocol(esp.protocol())).isEqualTo("50");
        assertThat(SecurityGroupRules.fromEc2("50", -1, -1, "10.0.0.0/8", null)).isEqualTo(esp);
    }
}
