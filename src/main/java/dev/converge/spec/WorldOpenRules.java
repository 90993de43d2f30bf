package dev.converge.spec;

import dev.converge.model.SecurityGroupRule;
import dev.converge.model.SecurityGroupSpec.PeerSpec;
import dev.converge.model.SecurityGroupSpec.RuleSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Ingress from anywhere on a port people administer (SSH, RDP) or a data store listens on (SQL databases,
 * Redis, Memcached, MongoDB, Elasticsearch, Kafka, Cassandra, ...), or on every port, is the classic
 * firewall mistake, so it needs the rule to say {@code openToWorld: true}. The flag on any other rule
 * would suggest a protection that is not there, so it is rejected as well.
 */
final class WorldOpenRules {

    private static final Map<Integer, String> ADMIN_PORTS = new TreeMap<>(Map.ofEntries(
            Map.entry(22, "SSH"), Map.entry(3389, "RDP"),
            Map.entry(1433, "MSSQL"), Map.entry(1521, "Oracle"), Map.entry(3306, "MySQL"), Map.entry(5432, "PostgreSQL"),
            Map.entry(6379, "Redis"), Map.entry(11211, "Memcached"), Map.entry(27017, "MongoDB"),
            Map.entry(9200, "Elasticsearch"), Map.entry(9300, "Elasticsearch transport"), Map.entry(9092, "Kafka"),
            Map.entry(9042, "Cassandra"), Map.entry(2181, "ZooKeeper"), Map.entry(5984, "CouchDB"), Map.entry(8086, "InfluxDB")));
    /** How many exposed ports a message names before it counts the rest. */
    private static final int LISTED = 4;
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
        String named = exposed.size() <= LISTED ? String.join(", ", exposed)
                : String.join(", ", exposed.subList(0, LISTED)) + " and " + (exposed.size() - LISTED) + " more such ports";
        return Optional.of("ports " + rule.fromPort() + "-" + rule.toPort() + " include " + named + " and are");
    }
}
