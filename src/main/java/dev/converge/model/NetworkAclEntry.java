package dev.converge.model;

import java.util.Comparator;

/**
 * A network ACL entry in canonical form, so that an entry written in a spec and the same entry read back
 * from AWS are equal: protocol names instead of numbers, explicit port ranges (ICMP type and code in
 * their place, -1 for any), canonical CIDRs. The ports follow {@link SecurityGroupRule}'s conventions.
 */
public record NetworkAclEntry(int rule, String action, String protocol, int fromPort, int toPort, String cidr)
        implements Comparable<NetworkAclEntry> {

    public static final String ALLOW = "allow";
    public static final String DENY = "deny";

    private static final Comparator<NetworkAclEntry> ORDER =
            Comparator.comparingInt(NetworkAclEntry::rule).thenComparing(NetworkAclEntry::toString);

    public boolean isIcmp() {
        return SecurityGroupRule.isIcmp(protocol);
    }

    public boolean hasPorts() {
        return protocol.equals("tcp") || protocol.equals("udp");
    }

    @Override
    public int compareTo(NetworkAclEntry other) {
        return ORDER.compare(this, other);
    }

    /** {@code 100 allow tcp 443 0.0.0.0/0}: the entry as the plan shows it, in AWS's evaluation order. */
    @Override
    public String toString() {
        String ports = hasPorts() ? (fromPort == toPort ? " " + fromPort : " " + fromPort + "-" + toPort)
                : isIcmp() && fromPort != -1 ? " type " + fromPort + (toPort == -1 ? "" : " code " + toPort)
                : "";
        return rule + " " + action + " " + protocol + ports + " " + cidr;
    }
}
