package dev.converge.aws.ec2;

import dev.converge.model.Cidr;
import dev.converge.model.NetworkAclEntry;
import dev.converge.model.NetworkAclSpec;
import dev.converge.model.SecurityGroupRule;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.services.ec2.model.CreateNetworkAclEntryRequest;
import software.amazon.awssdk.services.ec2.model.IcmpTypeCode;
import software.amazon.awssdk.services.ec2.model.NetworkAcl;
import software.amazon.awssdk.services.ec2.model.PortRange;
import software.amazon.awssdk.services.ec2.model.ReplaceNetworkAclEntryRequest;

/** Network ACL entries as EC2 writes and reads them: protocol numbers, port ranges, ICMP types and codes. */
final class NetworkAclEntries {

    /** EC2 takes an ACL entry's protocol as its IP protocol number, -1 for all. */
    private static final Map<String, String> NUMBERS =
            Map.of(SecurityGroupRule.ALL, "-1", "tcp", "6", "udp", "17", "icmp", "1", "icmpv6", "58");

    private NetworkAclEntries() {}

    /** The entries of one direction someone created, in canonical form; AWS's catch-all entries are left out. */
    static Set<NetworkAclEntry> read(NetworkAcl acl, boolean egress) {
        Set<NetworkAclEntry> entries = new TreeSet<>();
        for (software.amazon.awssdk.services.ec2.model.NetworkAclEntry entry : acl.entries()) {
            if (entry.egress() != egress || entry.ruleNumber() > NetworkAclSpec.LAST_RULE) {
                continue;
            }
            String protocol = SecurityGroupRule.protocolName(entry.protocol());
            String cidr = Cidr.normalize(entry.cidrBlock() != null ? entry.cidrBlock() : entry.ipv6CidrBlock());
            int from = -1;
            int to = -1;
            if (protocol.equals("tcp") || protocol.equals("udp")) {
                PortRange ports = entry.portRange();
                from = ports == null || ports.from() == null ? 0 : ports.from();
                to = ports == null || ports.to() == null ? 65535 : ports.to();
            } else if (SecurityGroupRule.isIcmp(protocol) && entry.icmpTypeCode() != null) {
                IcmpTypeCode icmp = entry.icmpTypeCode();
                from = icmp.type() == null ? -1 : icmp.type();
                to = icmp.code() == null ? -1 : icmp.code();
            }
            entries.add(new NetworkAclEntry(entry.ruleNumber(), entry.ruleActionAsString().toLowerCase(Locale.ROOT),
                    protocol, from, to, cidr));
        }
        return entries;
    }

    static CreateNetworkAclEntryRequest create(String aclId, NetworkAclEntry entry, boolean egress) {
        CreateNetworkAclEntryRequest.Builder request = CreateNetworkAclEntryRequest.builder()
                .networkAclId(aclId)
                .ruleNumber(entry.rule())
                .egress(egress)
                .ruleAction(entry.action())
                .protocol(NUMBERS.getOrDefault(entry.protocol(), entry.protocol()));
        if (Cidr.isIpv6(entry.cidr())) {
            request.ipv6CidrBlock(entry.cidr());
        } else {
            request.cidrBlock(entry.cidr());
        }
        if (entry.hasPorts()) {
            request.portRange(p -> p.from(entry.fromPort()).to(entry.toPort()));
        } else if (entry.isIcmp()) {
            request.icmpTypeCode(i -> i.type(entry.fromPort()).code(entry.toPort()));
        }
        return request.build();
    }

    /** The same entry as a replacement of the one with its rule number. */
    static ReplaceNetworkAclEntryRequest replace(String aclId, NetworkAclEntry entry, boolean egress) {
        CreateNetworkAclEntryRequest create = create(aclId, entry, egress);
        return ReplaceNetworkAclEntryRequest.builder()
                .networkAclId(create.networkAclId())
                .ruleNumber(create.ruleNumber())
                .egress(create.egress())
                .ruleAction(create.ruleAction())
                .protocol(create.protocol())
                .cidrBlock(create.cidrBlock())
                .ipv6CidrBlock(create.ipv6CidrBlock())
                .portRange(create.portRange())
                .icmpTypeCode(create.icmpTypeCode())
                .build();
    }
}
