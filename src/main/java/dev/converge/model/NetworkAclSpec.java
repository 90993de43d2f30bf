package dev.converge.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A network ACL of a VPC: numbered inbound and outbound entries, evaluated by AWS from the lowest number
 * up, and the subnets it guards. Each direction is enforced only when declared; a subnet the spec stops
 * listing goes back to its VPC's default ACL, which Converge never changes.
 */
public record NetworkAclSpec(
        @SpecField(required = true) String vpc,
        List<EntrySpec> inbound,
        List<EntrySpec> outbound,
        List<String> subnets,
        Map<String, String> tags,
        Management management)
        implements KindSpec {

    public static final String KIND = "NetworkAcl";

    /** The spec's field names, as written in YAML; every use of a field name goes through these. */
    public static final String VPC = "vpc";
    public static final String INBOUND = "inbound";
    public static final String OUTBOUND = "outbound";
    public static final String SUBNETS = "subnets";

    /** The rule numbers a spec may use; AWS keeps 32767 for each direction's final catch-all deny. */
    public static final int FIRST_RULE = 1;
    public static final int LAST_RULE = 32766;

    /**
     * One entry as written.
     *
     * @param rule the rule number: AWS applies the lowest-numbered entry that matches
     * @param ports for tcp and udp, {@code 443} or {@code 1024-65535}; absent for every port
     * @param icmpType for icmp and icmpv6, the type; absent for every type
     * @param cidr an IPv4 or IPv6 block
     */
    public record EntrySpec(
            @SpecField(required = true, minimum = FIRST_RULE, maximum = LAST_RULE) Integer rule,
            @SpecField(required = true) String protocol,
            @SpecField(numberAllowed = true) String ports,
            @SpecField(minimum = 0, maximum = 255) Integer icmpType,
            @SpecField(minimum = 0, maximum = 255) Integer icmpCode,
            @SpecField(required = true) String cidr,
            @SpecField(required = true, values = {NetworkAclEntry.ALLOW, NetworkAclEntry.DENY}) String action) {

        public NetworkAclEntry normalized() {
            SecurityGroupRule permission = icmpType != null
                    ? SecurityGroupRule.icmp(protocol, icmpType, icmpCode, Cidr.normalize(cidr), null)
                    : SecurityGroupRule.of(protocol, ports, Cidr.normalize(cidr), null);
            return new NetworkAclEntry(rule, action, permission.protocol(), permission.fromPort(), permission.toPort(),
                    permission.peer());
        }
    }

    public NetworkAclSpec {
        inbound = Specs.copy(inbound);
        outbound = Specs.copy(outbound);
        subnets = Specs.copy(subnets);
        tags = Specs.tags(tags);
        management = Specs.management(management);
    }

    @Override
    public List<Reference> references() {
        List<Reference> references = new ArrayList<>();
        if (vpc != null) {
            references.add(Reference.ordering(VpcSpec.KIND, vpc, VPC));
        }
        Specs.addOrdering(references, SubnetSpec.KIND, subnets, SUBNETS);
        return List.copyOf(references);
    }

    @Override
    public Map<String, Object> properties() {
        return new Fields()
                .put(VPC, vpc)
                .put(INBOUND, normalize(inbound))
                .put(OUTBOUND, normalize(outbound))
                .put(SUBNETS, subnets == null ? null : new TreeSet<>(subnets))
                .build();
    }

    private static Set<NetworkAclEntry> normalize(List<EntrySpec> entries) {
        if (entries == null) {
            return null;
        }
        Set<NetworkAclEntry> normalized = new TreeSet<>();
        entries.forEach(entry -> normalized.add(entry.normalized()));
        return normalized;
    }

    @Override
    public Set<String> replacementFields() {
        return Set.of(VPC);
    }
}
