package dev.converge.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.model.SecurityGroupSpec.PeerSpec;
import dev.converge.model.SecurityGroupSpec.RuleSpec;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecurityGroupRuleTest {

    @Test
    void protocolNumberAndName_giveTheSameRule() {
        SecurityGroupRule byNumber = SecurityGroupRule.of("6", "443", "0.0.0.0/0", "https");
        SecurityGroupRule byName = SecurityGroupRule.of(" TCP ", "443", "0.0.0.0/0", "https");

        assertThat(byNumber).isEqualTo(byName)
                .isEqualTo(new SecurityGroupRule("tcp", 443, 443, "0.0.0.0/0", "https"));
        assertThat(SecurityGroupRule.of("17", "53", "10.0.0.0/8", null))
                .isEqualTo(new SecurityGroupRule("udp", 53, 53, "10.0.0.0/8", null));
        assertThat(SecurityGroupRule.of("58", null, "::/0", null).protocol()).isEqualTo("icmpv6");
    }

    @Test
    void allProtocols_writtenAsAllOrMinusOne_ignoreWrittenPorts() {
        SecurityGroupRule written = SecurityGroupRule.of("-1", "80", "0.0.0.0/0", null);

        assertThat(written).isEqualTo(SecurityGroupRule.of("all", null, "0.0.0.0/0", ""))
                .isEqualTo(SecurityGroupRule.of(null, null, "0.0.0.0/0", null))
                .isEqualTo(new SecurityGroupRule("all", -1, -1, "0.0.0.0/0", null));
    }

    @Test
    void tcpAndUdpWithoutPorts_meanEveryPort() {
        assertThat(SecurityGroupRule.of("tcp", null, "10.0.0.0/8", null))
                .isEqualTo(new SecurityGroupRule("tcp", 0, 65535, "10.0.0.0/8", null));
        assertThat(SecurityGroupRule.of("17", " ", "10.0.0.0/8", null))
                .isEqualTo(new SecurityGroupRule("udp", 0, 65535, "10.0.0.0/8", null));
    }

    @Test
    void portRanges_andIcmpTypeAndCode_areKeptAsFromAndTo() {
        SecurityGroupRule range = SecurityGroupRule.of("tcp", "1024 - 65535", "10.0.0.0/8", null);
        assertThat(range.fromPort()).isEqualTo(1024);
        assertThat(range.toPort()).isEqualTo(65535);

        assertThat(SecurityGroupRule.of("1", "8-0", "10.0.0.0/8", null))
                .isEqualTo(new SecurityGroupRule("icmp", 8, 0, "10.0.0.0/8", null));
        assertThat(SecurityGroupRule.of("icmp", null, "10.0.0.0/8", null))
                .isEqualTo(new SecurityGroupRule("icmp", -1, -1, "10.0.0.0/8", null));
    }

    @Test
    void missingDescription_equalsEmptyDescription_butADifferentDescriptionIsADifferentRule() {
        assertThat(SecurityGroupRule.of("tcp", "22", "10.0.0.0/8", null))
                .isEqualTo(SecurityGroupRule.of("tcp", "22", "10.0.0.0/8", ""));
        assertThat(SecurityGroupRule.of("tcp", "22", "10.0.0.0/8", "ssh"))
                .isNotEqualTo(SecurityGroupRule.of("tcp", "22", "10.0.0.0/8", null));
    }

    @Test
    void unnamedProtocolNumbers_stayNumbers() {
        SecurityGroupRule esp = SecurityGroupRule.of("50", null, "10.0.0.0/8", null);

        assertThat(esp.protocol()).isEqualTo("50");
        assertThat(esp).isEqualTo(new SecurityGroupRule("50", -1, -1, "10.0.0.0/8", null));
    }

    @Test
    void peers_areNormalisedPerKind() {
        assertThat(new PeerSpec(" 010.001.0.0/16 ", null, null).normalized()).isEqualTo("10.1.0.0/16");
        assertThat(new PeerSpec("2001:DB8::/32", null, null).normalized()).isEqualTo("2001:db8::/32");
        assertThat(new PeerSpec(null, "api", null).normalized()).isEqualTo("SecurityGroup/api");
        assertThat(new PeerSpec(null, null, "pl-0123abcd").normalized()).isEqualTo("pl-0123abcd");
    }

    @Test
    void peerKinds_areRecognisedFromTheCanonicalPeer() {
        assertThat(SecurityGroupRule.of("tcp", "80", "SecurityGroup/api", null).isGroupPeer()).isTrue();
        assertThat(SecurityGroupRule.of("tcp", "80", "sg-0123", null).isGroupPeer()).isTrue();
        assertThat(SecurityGroupRule.of("tcp", "80", "pl-0123", null).isPrefixListPeer()).isTrue();
        assertThat(SecurityGroupRule.of("tcp", "80", "2001:db8::/32", null).isIpv6Peer()).isTrue();
        assertThat(SecurityGroupRule.of("tcp", "80", "10.0.0.0/8", null).isGroupPeer()).isFalse();
    }

    @Test
    void specRules_writtenInDifferentForms_collapseToOneCanonicalSet() {
        RuleSpec asNumber = new RuleSpec("6", "443", new PeerSpec("10.1.0.0/16", null, null), null, null, null);
        RuleSpec asName = new RuleSpec("tcp", "443", new PeerSpec("010.1.0.0/16", null, null), null, "", null);
        SecurityGroupSpec spec = new SecurityGroupSpec("main", null, List.of(asNumber, asName), null, Map.of(), null);

        assertThat(spec.properties())
                .containsEntry("ingress", Set.of(new SecurityGroupRule("tcp", 443, 443, "10.1.0.0/16", null)))
                .doesNotContainKey("egress")
                .doesNotContainKey("description");
    }
}
