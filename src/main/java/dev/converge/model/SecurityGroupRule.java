package dev.converge.model;

import java.util.Locale;
import java.util.Map;

/**
 * A security group rule in canonical form, so that a rule written in a spec and the same rule read back
 * from AWS are equal: protocol names instead of numbers, explicit port ranges, canonical CIDRs, and an
 * empty description instead of none.
 *
 * @param peer a CIDR block, {@code SecurityGroup/<name>} for a group of the spec, a raw group id for a
 *     group Converge does not manage, or a prefix list id
 */
public record SecurityGroupRule(String protocol, int fromPort, int toPort, String peer, String description)
        implements Comparable<SecurityGroupRule> {

    public static final String ALL = "all";
    /**
     * What a spec may write for a named protocol besides its name: its IP protocol number, and
     * {@code -1} for all, as people used to the EC2 console, CloudFormation or Terraform write it.
     */
    private static final Map<String, String> PROTOCOL_NAMES =
            Map.of("-1", ALL, "6", "tcp", "17", "udp", "1", "icmp", "58", "icmpv6");

    public SecurityGroupRule {
        description = description == null ? "" : description;
    }

    public static String group(String name) {
        return SecurityGroupSpec.KIND + "/" + name;
    }

    /** Builds a canonical rule from the spec's notation: ports as {@code 443} or {@code 1024-65535}. */
    public static SecurityGroupRule of(String protocol, String ports, String peer, String description) {
        String name = protocolName(protocol);
        int from;
        int to;
        if (ports == null || ports.isBlank()) {
            boolean ranged = name.equals("tcp") || name.equals("udp");
            from = ranged ? 0 : -1;
            to = ranged ? 65535 : -1;
        } else {
            String[] range = ports.trim().split("-", 2);
            from = Integer.parseInt(range[0].trim());
            to = range.length == 2 ? Integer.parseInt(range[1].trim()) : from;
        }
        if (name.equals(ALL)) {
            from = -1;
            to = -1;
        }
        return new SecurityGroupRule(name, from, to, peer, description);
    }

    /**
     * An ICMP rule by type and, optionally, code: EC2 carries them in the port fields, with -1 for "any
     * code".
     */
    public static SecurityGroupRule icmp(String protocol, int type, Integer code, String peer, String description) {
        return new SecurityGroupRule(protocolName(protocol), type, code == null ? -1 : code, peer, description);
    }

    public boolean isIcmp() {
        return isIcmp(protocol);
    }

    /** Whether a protocol, by name or number, is ICMP or ICMPv6. */
    public static boolean isIcmp(String protocol) {
        String name = protocolName(protocol);
        return name.equals("icmp") || name.equals("icmpv6");
    }

    /** Maps the names and numbers a spec may write to one name; other protocol numbers stay numbers. */
    public static String protocolName(String protocol) {
        if (protocol == null || protocol.isBlank()) {
            return ALL;
        }
        String lower = protocol.trim().toLowerCase(Locale.ROOT);
        return PROTOCOL_NAMES.getOrDefault(lower, lower);
    }

    public boolean isGroupPeer() {
        return peer.startsWith(SecurityGroupSpec.KIND + "/") || peer.startsWith("sg-");
    }

    public boolean isPrefixListPeer() {
        return peer.startsWith("pl-");
    }

    public boolean isIpv6Peer() {
        return Cidr.isIpv6(peer);
    }

    @Override
    public int compareTo(SecurityGroupRule other) {
        return toString().compareTo(other.toString());
    }

    @Override
    public String toString() {
        String ports = protocol.equals(ALL) ? ""
                : isIcmp() && fromPort != -1 ? " type " + fromPort + (toPort == -1 ? "" : " code " + toPort)
                : fromPort == toPort ? " " + fromPort : " " + fromPort + "-" + toPort;
        String text = protocol + ports + " " + peer;
        return description.isEmpty() ? text : text + " \"" + description + "\"";
    }
}
