package dev.converge.spec;

import dev.converge.model.Cidr;
import dev.converge.model.NatGatewaySpec;
import dev.converge.model.NetworkAclEntry;
import dev.converge.model.NetworkAclSpec;
import dev.converge.model.NetworkAclSpec.EntrySpec;
import dev.converge.model.ResourceKey;
import dev.converge.model.RouteTableSpec;
import dev.converge.model.RouteTableSpec.RouteSpec;
import dev.converge.model.SecurityGroupRule;
import dev.converge.model.SecurityGroupSpec;
import dev.converge.model.SecurityGroupSpec.PeerSpec;
import dev.converge.model.SecurityGroupSpec.RuleSpec;
import dev.converge.model.SubnetSpec;
import dev.converge.model.VpcSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The VPC kinds' checks. Stateful across one validation: each subnet is compared with the subnets of its
 * VPC declared before it, and each route table association with earlier ones, so a clash is reported
 * once, at the later declaration.
 */
final class NetworkChecks {

    /** AWS accepts VPC and subnet blocks between /16 and /28. */
    private static final int LARGEST_BLOCK = 16;
    private static final int SMALLEST_BLOCK = 28;
    private static final Pattern PORTS = Pattern.compile("\\s*(\\d{1,5})\\s*(?:-\\s*(\\d{1,5})\\s*)?");
    private static final Set<String> PROTOCOLS = Set.of(SecurityGroupRule.ALL, "tcp", "udp", "icmp", "icmpv6");
    /** EC2's documented limit and character sets for group descriptions and, without '&', rule descriptions. */
    private static final int MAX_DESCRIPTION = 255;
    private static final Pattern GROUP_DESCRIPTION = Pattern.compile("[a-zA-Z0-9 ._\\-:/()#,@\\[\\]+=&;{}!$*]*");
    private static final Pattern RULE_DESCRIPTION = Pattern.compile("[a-zA-Z0-9 ._\\-:/()#,@\\[\\]+=;{}!$*]*");
    /** Route targets AWS manages itself: the VPC's local route, and gateway endpoints' routes. */
    private static final Map<String, String> MANAGED_TARGETS = Map.of(
            "local", "the local route to the VPC's own block is created by AWS with the VPC and cannot be declared",
            "vpce-", "a gateway endpoint's routes are added by AWS when the endpoint is associated with the table;"
                    + " associate the endpoint instead");

    private final SpecIndex index;
    private final Findings findings;
    private final WorldOpenRules worldOpen;
    private final Map<String, List<Declared>> subnetsByVpc = new HashMap<>();
    private final Map<String, Declared> routeTableOfSubnet = new HashMap<>();
    private final Map<String, Declared> networkAclOfSubnet = new HashMap<>();

    /** An earlier declaration and the block or name it holds, for comparing later ones against. */
    private record Declared(String name, Cidr cidr, DocumentSource source, String pointer) {}

    NetworkChecks(SpecIndex index, Findings findings) {
        this.index = index;
        this.findings = findings;
        this.worldOpen = new WorldOpenRules(findings);
    }

    void check(Declaration.OfResource declaration) {
        Object spec = declaration.resource().spec();
        if (spec instanceof VpcSpec vpc) {
            vpc(vpc, declaration.source());
        } else if (spec instanceof SubnetSpec subnet) {
            subnet(subnet, declaration);
        } else if (spec instanceof NatGatewaySpec nat) {
            findings.required(declaration.source(), "/spec/" + NatGatewaySpec.SUBNET, nat.subnet());
        } else if (spec instanceof RouteTableSpec table) {
            routeTable(table, declaration);
        } else if (spec instanceof SecurityGroupSpec group) {
            securityGroup(group, declaration.source());
        } else if (spec instanceof NetworkAclSpec acl) {
            networkAcl(acl, declaration);
        }
    }

    private void vpc(VpcSpec vpc, DocumentSource source) {
        if (findings.required(source, "/spec/" + VpcSpec.CIDR, vpc.cidr())) {
            block(vpc.cidr(), source, "/spec/" + VpcSpec.CIDR, "a VPC");
        }
    }

    private void subnet(SubnetSpec subnet, Declaration.OfResource declaration) {
        DocumentSource source = declaration.source();
        String env = declaration.resource().environment();
        findings.required(source, "/spec/" + SubnetSpec.VPC, subnet.vpc());
        if (findings.required(source, "/spec/" + SubnetSpec.ZONE, subnet.zone())) {
            index.environment(env)
                    .map(e -> e.environment().region())
                    .filter(Objects::nonNull)
                    .filter(region -> !isZoneOf(subnet.zone(), region))
                    .ifPresent(region -> findings.at(source, "/spec/" + SubnetSpec.ZONE, subnet.zone().startsWith(region)
                            ? "'" + subnet.zone() + "' is not a zone name: the region and a letter, like " + region + "a"
                            + " (or a Local Zone, like " + region + "-bos-1a)"
                            : "zone '" + subnet.zone() + "' is not in the environment's region " + region));
        }
        if (!findings.required(source, "/spec/" + SubnetSpec.CIDR, subnet.cidr())) {
            return;
        }
        Optional<Cidr> block = block(subnet.cidr(), source, "/spec/" + SubnetSpec.CIDR, "a subnet");
        if (block.isEmpty() || subnet.vpc() == null) {
            return;
        }
        vpcBlock(env, subnet.vpc())
                .filter(vpcBlock -> !vpcBlock.contains(block.get()))
                .ifPresent(vpcBlock -> findings.at(source, "/spec/" + SubnetSpec.CIDR,
                        block.get() + " is not inside Vpc '" + subnet.vpc() + "' (" + vpcBlock + ")"));
        List<Declared> siblings = subnetsByVpc.computeIfAbsent(env + "/" + subnet.vpc(), k -> new ArrayList<>());
        for (Declared sibling : siblings) {
            if (sibling.cidr().overlaps(block.get())) {
                findings.at(source, "/spec/" + SubnetSpec.CIDR, block.get() + " overlaps Subnet '" + sibling.name() + "' ("
                        + sibling.cidr() + ", " + Findings.where(sibling.source(), sibling.pointer()) + ")");
            }
        }
        siblings.add(new Declared(declaration.resource().name(), block.get(), source, "/spec/" + SubnetSpec.CIDR));
    }

    /** An availability zone (us-east-1a) or a Local or Wavelength Zone (us-east-1-bos-1a) of the region. */
    private static boolean isZoneOf(String zone, String region) {
        String suffix = zone.startsWith(region) ? zone.substring(region.length()) : null;
        return suffix != null && suffix.matches("[a-z]|-[a-z0-9]+(-[a-z0-9]+)*");
    }

    private Optional<Cidr> vpcBlock(String env, String vpc) {
        return index.resource(env, ResourceKey.of(VpcSpec.KIND, vpc))
                .map(d -> d.resource().spec(VpcSpec.class).cidr())
                .flatMap(NetworkChecks::parseQuietly)
                .filter(NetworkChecks::sizedForVpc);
    }

    private Optional<Cidr> block(String text, DocumentSource source, String pointer, String what) {
        Optional<Cidr> cidr = cidr(text, source, pointer);
        cidr.filter(c -> !sizedForVpc(c)).ifPresent(c -> findings.at(source, pointer,
                what + " block must be between /" + LARGEST_BLOCK + " and /" + SMALLEST_BLOCK + ", got /" + c.prefix()));
        return cidr.filter(NetworkChecks::sizedForVpc);
    }

    private static boolean sizedForVpc(Cidr cidr) {
        return cidr.prefix() >= LARGEST_BLOCK && cidr.prefix() <= SMALLEST_BLOCK;
    }

    private Optional<Cidr> cidr(String text, DocumentSource source, String pointer) {
        try {
            return Optional.of(Cidr.parse(text));
        } catch (IllegalArgumentException e) {
            findings.at(source, pointer, e.getMessage());
            return Optional.empty();
        }
    }

    private static Optional<Cidr> parseQuietly(String text) {
        try {
            return Optional.of(Cidr.parse(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Checks a peer or destination block; IPv6 is accepted as written, AWS checks its syntax. */
    private void anyCidr(String text, DocumentSource source, String pointer) {
        if (!Cidr.isIpv6(text)) {
            cidr(text, source, pointer);
        }
    }

    private void routeTable(RouteTableSpec table, Declaration.OfResource declaration) {
        DocumentSource source = declaration.source();
        findings.required(source, "/spec/" + RouteTableSpec.VPC, table.vpc());
        List<RouteSpec> routes = table.routes() == null ? List.of() : table.routes();
        Map<String, Integer> destinations = new HashMap<>();
        for (int i = 0; i < routes.size(); i++) {
            RouteSpec route = routes.get(i);
            String pointer = "/spec/" + RouteTableSpec.ROUTES + "/" + i;
            if (route == null) {
                findings.at(source, pointer, "a route needs a destination and a target");
                continue;
            }
            if (findings.required(source, pointer + "/destination", route.destination())) {
                anyCidr(route.destination(), source, pointer + "/destination");
                Integer earlier = destinations.putIfAbsent(route.destination().trim(), i);
                if (earlier != null) {
                    findings.at(source, pointer + "/destination",
                            "route " + route.destination() + " is already declared by " + RouteTableSpec.ROUTES + "[" + earlier + "]");
                }
            }
            long targets = Stream.of(Boolean.TRUE.equals(route.internetGateway()), route.natGateway() != null, route.target() != null)
                    .filter(Boolean::booleanValue)
                    .count();
            if (targets != 1) {
                findings.at(source, pointer, "a route needs exactly one target (internetGateway: true, natGateway or"
                        + " target), got " + targets);
            } else if (route.target() != null) {
                managedTarget(route.target(), source, pointer + "/target");
            }
        }
        subnetAssociations(table, declaration);
    }

    private void managedTarget(String target, DocumentSource source, String pointer) {
        String id = target.trim().toLowerCase(Locale.ROOT);
        MANAGED_TARGETS.forEach((prefix, why) -> {
            if (prefix.endsWith("-") ? id.startsWith(prefix) : id.equals(prefix)) {
                findings.at(source, pointer, "'" + target + "' is a target AWS manages itself: " + why);
            }
        });
    }

    /** A subnet has one route table; it must also be in the table's VPC. */
    private void subnetAssociations(RouteTableSpec table, Declaration.OfResource declaration) {
        List<String> subnets = table.subnets() == null ? List.of() : table.subnets();
        String env = declaration.resource().environment();
        for (int i = 0; i < subnets.size(); i++) {
            String name = subnets.get(i);
            String pointer = "/spec/" + RouteTableSpec.SUBNETS + "/" + i;
            Declared earlier = routeTableOfSubnet.putIfAbsent(env + "/" + name,
                    new Declared(declaration.resource().name(), null, declaration.source(), pointer));
            if (earlier != null) {
                findings.at(declaration.source(), pointer, "Subnet '" + name + "' is already associated with RouteTable '"
                        + earlier.name() + "' (" + Findings.where(earlier.source(), earlier.pointer()) + ")");
            }
            index.resource(env, ResourceKey.of(SubnetSpec.KIND, name))
                    .map(d -> d.resource().spec(SubnetSpec.class).vpc())
                    .filter(vpc -> table.vpc() != null && !vpc.equals(table.vpc()))
                    .ifPresent(vpc -> findings.at(declaration.source(), pointer,
                            "Subnet '" + name + "' is in Vpc '" + vpc + "', not in the table's Vpc '" + table.vpc() + "'"));
        }
    }

    private void networkAcl(NetworkAclSpec acl, Declaration.OfResource declaration) {
        DocumentSource source = declaration.source();
        findings.required(source, "/spec/" + NetworkAclSpec.VPC, acl.vpc());
        entries(acl.inbound(), NetworkAclSpec.INBOUND, source);
        entries(acl.outbound(), NetworkAclSpec.OUTBOUND, source);
        List<String> subnets = acl.subnets() == null ? List.of() : acl.subnets();
        String env = declaration.resource().environment();
        for (int i = 0; i < subnets.size(); i++) {
            String name = subnets.get(i);
            String pointer = "/spec/" + NetworkAclSpec.SUBNETS + "/" + i;
            Declared earlier = networkAclOfSubnet.putIfAbsent(env + "/" + name,
                    new Declared(declaration.resource().name(), null, source, pointer));
            if (earlier != null) {
                findings.at(source, pointer, "Subnet '" + name + "' is already guarded by NetworkAcl '" + earlier.name() + "' ("
                        + Findings.where(earlier.source(), earlier.pointer()) + "); a subnet has one network ACL");
            }
            index.resource(env, ResourceKey.of(SubnetSpec.KIND, name))
                    .map(d -> d.resource().spec(SubnetSpec.class).vpc())
                    .filter(vpc -> acl.vpc() != null && !vpc.equals(acl.vpc()))
                    .ifPresent(vpc -> findings.at(source, pointer,
                            "Subnet '" + name + "' is in Vpc '" + vpc + "', not in the ACL's Vpc '" + acl.vpc() + "'"));
        }
    }

    /** One direction's entries: each well formed, and no rule number twice, since AWS keys entries by it. */
    private void entries(List<EntrySpec> entries, String direction, DocumentSource source) {
        Map<Integer, Integer> rules = new HashMap<>();
        for (int i = 0; entries != null && i < entries.size(); i++) {
            EntrySpec entry = entries.get(i);
            String pointer = "/spec/" + direction + "/" + i;
            if (entry == null) {
                findings.at(source, pointer, "an entry needs a rule number, a protocol, a cidr and an action");
                continue;
            }
            if (findings.required(source, pointer + "/rule", entry.rule())) {
                if (entry.rule() < NetworkAclSpec.FIRST_RULE || entry.rule() > NetworkAclSpec.LAST_RULE) {
                    findings.at(source, pointer + "/rule", "rule numbers are " + NetworkAclSpec.FIRST_RULE + " to "
                            + NetworkAclSpec.LAST_RULE + ", got " + entry.rule());
                }
                Integer earlier = rules.putIfAbsent(entry.rule(), i);
                if (earlier != null) {
                    findings.at(source, pointer + "/rule", "rule " + entry.rule() + " is already declared by " + direction + "["
                            + earlier + "] (" + Findings.where(source, "/spec/" + direction + "/" + earlier + "/rule")
                            + "); each " + direction + " entry needs its own rule number");
                }
            }
            if (findings.required(source, pointer + "/action", entry.action())
                    && !List.of(NetworkAclEntry.ALLOW, NetworkAclEntry.DENY).contains(entry.action())) {
                findings.at(source, pointer + "/action", "'" + entry.action() + "' is not an action (use allow or deny)");
            }
            if (findings.required(source, pointer + "/cidr", entry.cidr())) {
                anyCidr(entry.cidr(), source, pointer + "/cidr");
            }
            if (findings.required(source, pointer + "/protocol", entry.protocol())
                    && protocolAndPorts(entry.protocol(), entry.ports(), source, pointer)
                    && icmp(entry.protocol(), entry.ports(), entry.icmpType(), entry.icmpCode(), source, pointer)
                    && entry.ports() != null && !List.of("tcp", "udp").contains(SecurityGroupRule.protocolName(entry.protocol()))) {
                findings.at(source, pointer + "/ports", "an ACL entry has ports only for tcp and udp; "
                        + entry.protocol() + " entries cover the whole protocol");
            }
        }
    }

    private void securityGroup(SecurityGroupSpec group, DocumentSource source) {
        findings.required(source, "/spec/" + SecurityGroupSpec.VPC, group.vpc());
        description(group.description(), GROUP_DESCRIPTION, "a-z, A-Z, 0-9, spaces and ._-:/()#,@[]+=&;{}!$*",
                source, "/spec/" + SecurityGroupSpec.DESCRIPTION);
        rules(group.ingress(), SecurityGroupSpec.INGRESS, "from", "to", source);
        rules(group.egress(), SecurityGroupSpec.EGRESS, "to", "from", source);
    }

    private void rules(List<RuleSpec> rules, String direction, String peerField, String wrongPeerField, DocumentSource source) {
        if (rules == null) {
            return;
        }
        for (int i = 0; i < rules.size(); i++) {
            RuleSpec rule = rules.get(i);
            String pointer = "/spec/" + direction + "/" + i;
            if (rule == null) {
                findings.at(source, pointer, "a rule needs a protocol and a peer");
                continue;
            }
            PeerSpec peer = direction.equals(SecurityGroupSpec.INGRESS) ? rule.from() : rule.to();
            PeerSpec wrong = direction.equals(SecurityGroupSpec.INGRESS) ? rule.to() : rule.from();
            if (wrong != null) {
                findings.at(source, pointer + "/" + wrongPeerField,
                        direction + " rules name their peer in '" + peerField + "', not '" + wrongPeerField + "'");
            } else if (findings.required(source, pointer + "/" + peerField, peer)) {
                peer(peer, source, pointer + "/" + peerField);
            }
            description(rule.description(), RULE_DESCRIPTION, "a-z, A-Z, 0-9, spaces and ._-:/()#,@[]+=;{}!$*",
                    source, pointer + "/description");
            if (findings.required(source, pointer + "/protocol", rule.protocol())
                    && protocolAndPorts(rule.protocol(), rule.ports(), source, pointer)
                    && icmp(rule.protocol(), rule.ports(), rule.icmpType(), rule.icmpCode(), source, pointer)) {
                worldOpen.check(rule, direction.equals(SecurityGroupSpec.INGRESS), source, pointer);
            }
        }
    }

    /** EC2 takes descriptions of up to 255 characters from a small ASCII set. */
    private void description(String description, Pattern allowed, String characters, DocumentSource source, String pointer) {
        if (description == null) {
            return;
        }
        if (description.length() > MAX_DESCRIPTION) {
            findings.at(source, pointer, "is " + description.length() + " characters long; EC2 allows at most " + MAX_DESCRIPTION);
        } else if (!allowed.matcher(description).matches()) {
            String bad = description.codePoints()
                    .filter(c -> !allowed.matcher(new String(Character.toChars(c))).matches())
                    .limit(1)
                    .mapToObj(c -> new String(Character.toChars(c)))
                    .findFirst()
                    .orElse("");
            findings.at(source, pointer, "'" + bad + "' is not allowed in an EC2 description; use only " + characters);
        }
    }

    /**
     * ICMP has types and codes, not ports; a code needs its type.
     *
     * @return whether the rule's ICMP fields are valid
     */
    private boolean icmp(String protocol, String ports, Integer icmpType, Integer icmpCode, DocumentSource source, String pointer) {
        boolean icmp = SecurityGroupRule.isIcmp(protocol);
        if (!icmp && (icmpType != null || icmpCode != null)) {
            findings.at(source, pointer + (icmpType != null ? "/icmpType" : "/icmpCode"),
                    "applies only to protocol icmp or icmpv6; " + protocol + " rules use ports");
            return false;
        }
        if (icmp && ports != null) {
            findings.at(source, pointer + "/ports", "ICMP has no ports; use icmpType (and icmpCode), like icmpType: 8 for ping");
            return false;
        }
        if (icmpCode != null && icmpType == null) {
            findings.at(source, pointer + "/icmpCode", "an ICMP code needs its icmpType");
            return false;
        }
        for (String field : List.of("icmpType", "icmpCode")) {
            Integer value = field.equals("icmpType") ? icmpType : icmpCode;
            if (value != null && (value < 0 || value > 255)) {
                findings.at(source, pointer + "/" + field, "must be between 0 and 255, got " + value);
                return false;
            }
        }
        return true;
    }

    private void peer(PeerSpec peer, DocumentSource source, String pointer) {
        long kinds = Stream.of(peer.cidr(), peer.securityGroup(), peer.prefixList()).filter(Objects::nonNull).count();
        if (kinds != 1) {
            findings.at(source, pointer, "a peer needs exactly one of cidr, securityGroup or prefixList, got " + kinds);
        } else if (peer.cidr() != null) {
            anyCidr(peer.cidr(), source, pointer + "/cidr");
        }
    }

    /** @return whether the protocol and ports are valid */
    private boolean protocolAndPorts(String written, String ports, DocumentSource source, String pointer) {
        String protocol = SecurityGroupRule.protocolName(written);
        if (!PROTOCOLS.contains(protocol) && !isProtocolNumber(protocol)) {
            findings.at(source, pointer + "/protocol", "unknown protocol '" + written
                    + "' (use tcp, udp, icmp, icmpv6, all or an IP protocol number)");
            return false;
        }
        if (ports == null) {
            return true;
        }
        if (protocol.equals(SecurityGroupRule.ALL)) {
            findings.at(source, pointer + "/ports", "protocol all covers every port; remove ports");
            return false;
        }
        Matcher range = PORTS.matcher(ports);
        if (!range.matches()) {
            findings.at(source, pointer + "/ports", "'" + ports + "' is not a port or port range (like 443 or 8080-8081)");
            return false;
        }
        int from = Integer.parseInt(range.group(1));
        int to = range.group(2) == null ? from : Integer.parseInt(range.group(2));
        if (from > 65535 || to > 65535) {
            findings.at(source, pointer + "/ports", "'" + ports + "' is outside the port range 0-65535");
            return false;
        }
        if (from > to) {
            findings.at(source, pointer + "/ports", "range '" + ports + "' ends before it starts");
            return false;
        }
        return true;
    }

    private static boolean isProtocolNumber(String protocol) {
        return protocol.matches("\\d{1,3}") && Integer.parseInt(protocol) <= 255;
    }
}
