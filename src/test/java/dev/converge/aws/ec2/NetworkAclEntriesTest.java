package dev.converge.aws.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.model.NetworkAclEntry;
import dev.converge.model.NetworkAclSpec.EntrySpec;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.CreateNetworkAclEntryRequest;
import software.amazon.awssdk.services.ec2.model.NetworkAcl;
import software.amazon.awssdk.services.ec2.model.RuleAction;

/**
 * Entries as AWS returns them, shaped after the DescribeNetworkAcls examples of the EC2 API reference (moto
 * drops ICMP types and codes, so they are only testable here): protocol numbers, port ranges, ICMP type
 * and code, IPv6 blocks, and the catch-all entries AWS adds by itself.
 */
class NetworkAclEntriesTest {

    private static final NetworkAcl ACL = NetworkAcl.builder()
            .networkAclId("acl-5566953c")
            .entries(
                    entry(100, "6", false, "0.0.0.0/0").portRange(p -> p.from(443).to(443)).build(),
                    entry(110, "1", false, "0.0.0.0/0").icmpTypeCode(i -> i.type(8).code(-1)).build(),
                    entry(120, "58", false, null).ipv6CidrBlock("::/0").icmpTypeCode(i -> i.type(-1).code(-1)).build(),
                    entry(100, "-1", true, "0.0.0.0/0").build(),
                    entry(32767, "-1", false, "0.0.0.0/0").ruleAction(RuleAction.DENY).build(),
                    entry(32768, "-1", false, null).ipv6CidrBlock("::/0").ruleAction(RuleAction.DENY).build())
            .build();

    @Test
    void readsEntriesInTheSpecsCanonicalForm_leavingOutTheCatchAllEntries() {
        assertThat(NetworkAclEntries.read(ACL, false)).extracting(Object::toString).containsExactly(
                "100 allow tcp 443 0.0.0.0/0", "110 allow icmp type 8 0.0.0.0/0", "120 allow icmpv6 ::/0");
        assertThat(NetworkAclEntries.read(ACL, true)).extracting(Object::toString).containsExactly("100 allow all 0.0.0.0/0");
    }

    @Test
    void anEntryAsWritten_equalsTheSameEntryReadBack() {
        List<NetworkAclEntry> written = List.of(
                new EntrySpec(100, "tcp", "443", null, null, "0.0.0.0/0", "allow").normalized(),
                new EntrySpec(110, "icmp", null, 8, null, "0.0.0.0/0", "allow").normalized(),
                new EntrySpec(120, "icmpv6", null, null, null, "::/0", "allow").normalized());

        assertThat(NetworkAclEntries.read(ACL, false)).containsExactlyElementsOf(written);
    }

    @Test
    void createsEntriesWithProtocolNumbers_portsForTcpAndUdp_andIcmpTypeAndCodeForIcmp() {
        CreateNetworkAclEntryRequest tcp = NetworkAclEntries.create("acl-1",
                new EntrySpec(100, "tcp", null, null, null, "10.0.0.0/8", "deny").normalized(), false);
        CreateNetworkAclEntryRequest ping = NetworkAclEntries.create("acl-1",
                new EntrySpec(110, "icmp", null, 8, null, "0.0.0.0/0", "allow").normalized(), true);
        CreateNetworkAclEntryRequest v6 = NetworkAclEntries.create("acl-1",
                new EntrySpec(120, "all", null, null, null, "2001:db8::/32", "allow").normalized(), false);

        assertThat(tcp.protocol()).isEqualTo("6");
        assertThat(tcp.portRange().from()).isZero();
        assertThat(tcp.portRange().to()).isEqualTo(65535);
        assertThat(tcp.ruleActionAsString()).isEqualTo("deny");
        assertThat(tcp.icmpTypeCode()).isNull();
        assertThat(ping.protocol()).isEqualTo("1");
        assertThat(ping.egress()).isTrue();
        assertThat(ping.icmpTypeCode().type()).isEqualTo(8);
        assertThat(ping.icmpTypeCode().code()).isEqualTo(-1);
        assertThat(ping.portRange()).isNull();
        assertThat(v6.protocol()).isEqualTo("-1");
        assertThat(v6.ipv6CidrBlock()).isEqualTo("2001:db8::/32");
        assertThat(v6.cidrBlock()).isNull();
    }

    private static software.amazon.awssdk.services.ec2.model.NetworkAclEntry.Builder entry(
            int rule, String protocol, boolean egress, String cidr) {
        return software.amazon.awssdk.services.ec2.model.NetworkAclEntry.builder()
                .ruleNumber(rule).protocol(protocol).egress(egress).cidrBlock(cidr).ruleAction(RuleAction.ALLOW);
    }
}
