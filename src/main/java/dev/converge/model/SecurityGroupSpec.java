package dev.converge.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A security group of a VPC and its rules. Ingress and egress are each enforced only when declared: a
 * spec without {@code egress} leaves AWS's default allow-all egress rule alone.
 */
public record SecurityGroupSpec(
        @SpecField(required = true) String vpc,
        String description,
        List<RuleSpec> ingress,
        List<RuleSpec> egress,
        Map<String, String> tags,
        Management management)
        implements KindSpec {

    public static final String KIND = "SecurityGroup";

    /** The spec's field names, as written in YAML; every use of a field name goes through these. */
    public static final String VPC = "vpc";
    public static final String DESCRIPTION = "description";
    public static final String INGRESS = "ingress";
    public static final String EGRESS = "egress";

    /**
     * One rule as written: a protocol, ports, one peer ({@code from} for ingress, {@code to} for egress).
     *
     * @param icmpType for {@code icmp} and {@code icmpv6} rules, which have types and codes instead of
     *     ports: the ICMP type (8 is echo request, "ping"); absent for every type
     * @param icmpCode the ICMP code of {@code icmpType}; absent for every code
     * @param openToWorld states that an ingress rule from anywhere on an administrative port (or on every
     *     port) is intended; validation rejects such a rule without it. Not an AWS field: never drift.
     */
    public record RuleSpec(
            @SpecField(required = true) String protocol,
            @SpecField(numberAllowed = true) String ports,
            @SpecField(minimum = 0, maximum = 255) Integer icmpType,
            @SpecField(minimum = 0, maximum = 255) Integer icmpCode,
            PeerSpec from,
            PeerSpec to,
            String description,
            Boolean openToWorld) {

        public RuleSpec(String protocol, String ports, PeerSpec from, PeerSpec to, String description, Boolean openToWorld) {
            this(protocol, ports, null, null, from, to, description, openToWorld);
        }

        public PeerSpec peer() {
            return from != null ? from : to;
        }

        /** The rule in canonical form, with the peer given as {@link PeerSpec#normalized()} or otherwise. */
        public SecurityGroupRule canonical(String peer) {
            return icmpType != null
                    ? SecurityGroupRule.icmp(protocol, icmpType, icmpCode, peer, description)
                    : SecurityGroupRule.of(protocol, ports, peer, description);
        }
    }

    /** Exactly one of a CIDR block, another group of the spec by name, or a managed prefix list id. */
    public record PeerSpec(String cidr, String securityGroup, String prefixList) {

        public String normalized() {
            if (cidr != null) {
                return Cidr.normalize(cidr);
            }
            if (securityGroup != null) {
                return SecurityGroupRule.group(securityGroup);
            }
            return prefixList;
        }
    }

    public SecurityGroupSpec {
        ingress = Specs.copy(ingress);
        egress = Specs.copy(egress);
        tags = Specs.tags(tags);
        management = Specs.management(management);
    }

    @Override
    public List<Reference> references() {
        List<Reference> references = new ArrayList<>();
        if (vpc != null) {
            references.add(Reference.ordering(VpcSpec.KIND, vpc, VPC));
        }
        addPeers(references, ingress, INGRESS);
        addPeers(references, egress, EGRESS);
        return List.copyOf(references);
    }

    private static void addPeers(List<Reference> references, List<RuleSpec> rules, String field) {
        if (rules == null) {
            return;
        }
        for (int i = 0; i < rules.size(); i++) {
            PeerSpec peer = rules.get(i).peer();
            if (peer != null && peer.securityGroup() != null) {
                String where = field + "[" + i + "]." + (field.equals(INGRESS) ? "from" : "to") + ".securityGroup";
                references.add(Reference.peer(KIND, peer.securityGroup(), where));
            }
        }
    }

    @Override
    public Map<String, Object> properties() {
        return new Fields()
                .put(VPC, vpc)
                .put(DESCRIPTION, description)
                .put(INGRESS, normalize(ingress))
                .put(EGRESS, normalize(egress))
                .build();
    }

    private static Set<SecurityGroupRule> normalize(List<RuleSpec> rules) {
        if (rules == null) {
            return null;
        }
        Set<SecurityGroupRule> normalized = new TreeSet<>();
        for (RuleSpec rule : rules) {
            normalized.add(rule.canonical(rule.peer().normalized()));
        }
        return normalized;
    }

    @Override
    public Set<String> replacementFields() {
        return Set.of(VPC, DESCRIPTION);
    }
}
