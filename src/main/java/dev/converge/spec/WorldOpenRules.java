package dev.converge.spec;

import dev.converge.model.SecurityGroupRule;
import dev.converge.model.SecurityGroupSpec.PeerSpec;
import dev.converge.model.SecurityGroupSpec.RuleSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Ingress from anywhere on a port people administer (SSH, RDP, databases) or on every port is the classic
 * firewall mistake, so it needs the rule to say {@code openToWorld: true}. The flag on any other rule
 * would suggest a protection that is not there, so it is rejected as well.
 */
final class WorldOpenRules {

    private static final Map<Integer, String> ADMIN_PORTS =
            new TreeMap<>(Map.of(22, "SSH", 3306, "MySQL", 3389, "RDP", 5432, "PostgreSQL"));
    private static final String ADVICE = "; set openToWorld: true on the rule if that is intended";

    private final Findings findings;

    WorldOpenRules(Findings findings) {
        this.findings = findings;
    }

    /** Checks a rule whose protocol and ports are valid. */
    void check(RuleSpec rule, boolean ingress, DocumentSource source, String pointer) {
        PeerSpec peer = ingress ? rule.from() : rule.to();
        if (peer == null) {
            return;
        }
        boolean world = isWorld(peer.cidr());
        boolean intended = Boolean.TRUE.equals(rule.openToWorld());
        if (intended && !(ingress && world)) {
            findings.at(source, pointer + "/openToWorld", "applies only to ingress rules from 0.0.0.0/0 or ::/0");
        } else if (ingress && world && !intended) {
            exposure(SecurityGroupRule.of(rule.protocol(), rule.ports(), peer.cidr(), null))
                    .ifPresent(what -> findings.at(source, pointer, what + " open to the world (" + peer.cidr().trim() + ")" + ADVICE));
        }
    }

    /** Any block with prefix length 0, however spelled, is every address of its family. */
    private static boolean isWorld(String cidr) {
        if (cidr == null) {
            return false;
        }
        try {
            return Integer.parseInt(cidr.substring(cidr.lastIndexOf('/') + 1).trim()) == 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static Optional<String> exposure(SecurityGroupRule rule) {
        if (rule.protocol().equals(SecurityGroupRule.ALL)) {
            return Optional.of("every protocol and port is");
        }
        if (!rule.protocol().equals("tcp") && !rule.protocol().equals("udp")) {
            return Optional.empty();
        }
        List<String> exposed = ADMIN_PORTS.entrySet().stream()
                .filter(port -> port.getKey() >= rule.fromPort() && port.getKey() <= rule.toPort())
                .map(port -> port.getKey() + " (" + port.getValue() + ")")
                .toList();
        if (exposed.isEmpty()) {
            return Optional.empty();
        }
        if (rule.fromPort() == rule.toPort()) {
            return Optional.of("port " + exposed.get(0) + " is");
        }
        return Optional.of("ports " + rule.fromPort() + "-" + rule.toPort() + " include " + String.join(", ", exposed) + " and are");
    }
}
