package dev.converge.aws.ec2;

import dev.converge.aws.DriverContext;
import dev.converge.model.Cidr;
import dev.converge.model.ResourceKey;
import dev.converge.model.SecurityGroupRule;
import dev.converge.model.SecurityGroupSpec;
import java.util.Map;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.Ipv6Range;
import software.amazon.awssdk.services.ec2.model.PrefixListId;
import software.amazon.awssdk.services.ec2.model.UserIdGroupPair;

/**
 * Translates between canonical {@link SecurityGroupRule}s and the EC2 API's rules and permissions,
 * including EC2's {@code IpProtocol} values: {@code -1} for all protocols (and then no ports), names for
 * tcp, udp, icmp and icmpv6, numbers for the rest.
 */
final class SecurityGroupRules {

    /** EC2's {@code IpProtocol} for every protocol. */
    static final String ALL_PROTOCOLS = "-1";
    /** A canonical rule's port where EC2 has none: all protocols, ICMP's any type or any code. */
    private static final int ANY = -1;

    private SecurityGroupRules() {}

    /**
     * The canonical form of a rule read from AWS.
     *
     * @param managedGroups the environment's managed groups by id, so a peer among them reads as its spec name
     */
    static SecurityGroupRule canonical(
            software.amazon.awssdk.services.ec2.model.SecurityGroupRule rule, Map<String, ResourceKey> managedGroups) {
        return fromEc2(rule.ipProtocol(), rule.fromPort(), rule.toPort(), peer(rule, managedGroups), rule.description());
    }

    /** A canonical rule from EC2's fields, where ports may be absent and mean nothing for all protocols. */
    static SecurityGroupRule fromEc2(String ipProtocol, Integer fromPort, Integer toPort, String peer, String description) {
        String name = protocolName(ipProtocol);
        boolean all = name.equals(SecurityGroupRule.ALL);
        int from = fromPort == null || all ? ANY : fromPort;
        int to = toPort == null || all ? ANY : toPort;
        return new SecurityGroupRule(name, from, to, peer, description);
    }

    /** The spec's name for an EC2 {@code IpProtocol}; protocols EC2 reports by number are named so in specs too. */
    static String protocolName(String ipProtocol) {
        return ALL_PROTOCOLS.equals(ipProtocol) ? SecurityGroupRule.ALL : SecurityGroupRule.protocolName(ipProtocol);
    }

    /** The {@code IpProtocol} EC2 takes for a canonical protocol name. */
    static String ipProtocol(String protocol) {
        return protocol.equals(SecurityGroupRule.ALL) ? ALL_PROTOCOLS : protocol;
    }

    private static String peer(
            software.amazon.awssdk.services.ec2.model.SecurityGroupRule rule, Map<String, ResourceKey> managedGroups) {
        if (rule.cidrIpv4() != null) {
            return cidr(rule.cidrIpv4());
        }
        if (rule.cidrIpv6() != null) {
            return cidr(rule.cidrIpv6());
        }
        if (rule.prefixListId() != null) {
            return rule.prefixListId();
        }
        String groupId = rule.referencedGroupInfo().groupId();
        ResourceKey key = managedGroups.get(groupId);
        return key == null ? groupId : SecurityGroupRule.group(key.name());
    }

    /**
     * A rule added out of band may carry host bits that a spec cannot; it is kept as written (and then
     * revoked as undeclared) rather than failing the observation of the whole environment.
     */
    private static String cidr(String block) {
        try {
            return Cidr.normalize(block);
        } catch (IllegalArgumentException e) {
            return block;
        }
    }

    /** One rule as one permission; a peer group of the spec is resolved to its id. */
    static IpPermission permission(SecurityGroupRule rule, DriverContext context) {
        IpPermission.Builder permission = IpPermission.builder().ipProtocol(ipProtocol(rule.protocol()));
        if (!rule.protocol().equals(SecurityGroupRule.ALL)) {
            permission.fromPort(rule.fromPort()).toPort(rule.toPort());
        }
        String description = rule.description().isEmpty() ? null : rule.description();
        String peer = rule.peer();
        if (rule.isGroupPeer()) {
            permission.userIdGroupPairs(UserIdGroupPair.builder().groupId(groupId(peer, context)).description(description).build());
        } else if (rule.isPrefixListPeer()) {
            permission.prefixListIds(PrefixListId.builder().prefixListId(peer).description(description).build());
        } else if (rule.isIpv6Peer()) {
            permission.ipv6Ranges(Ipv6Range.builder().cidrIpv6(peer).description(description).build());
        } else {
            permission.ipRanges(IpRange.builder().cidrIp(peer).description(description).build());
        }
        return permission.build();
    }

    private static String groupId(String peer, DriverContext context) {
        return peer.startsWith(SecurityGroupSpec.KIND + "/") ? context.idOf(ResourceKey.parse(peer)) : peer;
    }
}
