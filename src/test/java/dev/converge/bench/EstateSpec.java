package dev.converge.bench;

import dev.converge.spec.DesiredState;
import dev.converge.spec.SpecLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a synthetic estate as spec YAML, one file per environment, and loads it as Converge loads a
 * spec directory, so the estate passes the same validation a user's does. Each cell is what a small
 * service runs in: a VPC with an internet gateway and declared DNS attributes, public and private
 * subnets in three zones, a NAT gateway, two route tables, seven security groups with CIDR and group
 * rules, four buckets with versioning, encryption, a public access block, lifecycle rules and tags, a
 * launch template with its fleet of one instance, and an Aurora cluster with its subnet group.
 */
final class EstateSpec {

    static final int CELL_SIZE = 25;

    private static final String HEADER = "apiVersion: converge.dev/v1alpha1\n";
    private static final List<String> ZONES = List.of("a", "b", "c");
    private static final List<String> BUCKETS = List.of("logs", "assets", "uploads", "backups");

    private EstateSpec() {}

    static DesiredState write(EstateLayout layout, Path directory) {
        try {
            Files.createDirectories(directory);
            for (int e = 0; e < layout.environments().size(); e++) {
                EstateLayout.Place place = layout.environments().get(e);
                List<String> documents = new ArrayList<>();
                documents.add(environment(place));
                for (int cell = 0; cell < layout.cellsOf(e); cell++) {
                    documents.addAll(cell(place.name(), cell));
                }
                Files.writeString(directory.resolve(place.name() + ".yaml"), String.join("---\n", documents));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return SpecLoader.load(directory);
    }

    private static String environment(EstateLayout.Place place) {
        return HEADER + """
                kind: Environment
                metadata: {name: %s}
                spec:
                  region: us-east-1
                  accountId: "%s"
                  roleArn: %s
                  mode: enforce
                  prune: false
                  tags: {cost-center: platform, environment: %s}
                """.formatted(place.name(), place.accountId(), place.roleArn(), place.name());
    }

    static List<String> cell(String environment, int cell) {
        String c = "c%02d".formatted(cell);
        List<String> documents = new ArrayList<>();
        documents.add(resource("Vpc", c, environment, """
                cidr: 10.%d.0.0/16
                enableDnsSupport: true
                enableDnsHostnames: true
                internetGateway: true
                """.formatted(cell)));
        for (int z = 0; z < ZONES.size(); z++) {
            documents.add(subnet(environment, c, "public", z, "10.%d.%d.0/24".formatted(cell, z), true));
            documents.add(subnet(environment, c, "private", z, "10.%d.%d.0/24".formatted(cell, 16 + z), false));
        }
        documents.add(resource("NatGateway", c + "-nat", environment, "subnet: %s-public-a\n".formatted(c)));
        documents.add(resource("RouteTable", c + "-public", environment, """
                vpc: %1$s
                routes:
                  - {destination: 0.0.0.0/0, internetGateway: true}
                subnets: [%1$s-public-a, %1$s-public-b, %1$s-public-c]
                """.formatted(c)));
        documents.add(resource("RouteTable", c + "-private", environment, """
                vpc: %1$s
                routes:
                  - {destination: 0.0.0.0/0, natGateway: %1$s-nat}
                subnets: [%1$s-private-a, %1$s-private-b, %1$s-private-c]
                """.formatted(c)));
        documents.addAll(securityGroups(environment, c, cell));
        for (String purpose : BUCKETS) {
            documents.add(bucket(environment, c, purpose));
        }
        documents.add(resource("LaunchTemplate", c + "-app", environment, """
                ami: ami-0a7d3e5c9b1f24680
                instanceType: t3.small
                securityGroups: [%s-app]
                blockDevices:
                  - {deviceName: /dev/xvda, volumeSize: 20, volumeType: gp3, encrypted: true, deleteOnTermination: true}
                tags: {service: app}
                """.formatted(c)));
        documents.add(resource("AutoScalingGroup", c + "-app", environment, """
                launchTemplate: %1$s-app
                subnets: [%1$s-private-a, %1$s-private-b, %1$s-private-c]
                minSize: 1
                maxSize: 2
                desiredCapacity: 1
                healthCheckType: EC2
                healthCheckGracePeriod: 120
                tags: {service: app}
                """.formatted(c)));
        documents.add(resource("DbSubnetGroup", c + "-data", environment, """
                description: "Aurora: the private subnets"
                subnets: [%1$s-private-a, %1$s-private-b, %1$s-private-c]
                """.formatted(c)));
        documents.add(resource("AuroraCluster", c + "-db", environment, """
                engine: aurora-mysql
                engineVersion: 8.0.mysql_aurora.3.05.2
                subnetGroup: %1$s-data
                securityGroups: [%1$s-db]
                instanceClass: db.t4g.medium
                readers: 0
                backupRetentionDays: 3
                deletionProtection: false
                storageEncrypted: true
                masterUsername: admin
                """.formatted(c)));
        return documents;
    }

    private static String subnet(String environment, String c, String tier, int zone, String cidr, boolean isPublic) {
        return resource("Subnet", c + "-" + tier + "-" + ZONES.get(zone), environment, """
                vpc: %s
                zone: us-east-1%s
                cidr: %s
                public: %s
                """.formatted(c, ZONES.get(zone), cidr, isPublic));
    }

    private static List<String> securityGroups(String environment, String c, int cell) {
        return List.of(
                securityGroup(environment, c, "lb", """
                        ingress:
                          - {protocol: tcp, ports: 443, from: {cidr: 0.0.0.0/0}, description: HTTPS}
                          - {protocol: tcp, ports: 80, from: {cidr: 0.0.0.0/0}, description: HTTP redirect}
                        egress:
                          - {protocol: tcp, ports: 8080, to: {securityGroup: %s-app}}
                        """.formatted(c)),
                securityGroup(environment, c, "app", """
                        ingress:
                          - {protocol: tcp, ports: 8080, from: {securityGroup: %1$s-lb}}
                          - {protocol: tcp, ports: 22, from: {securityGroup: %1$s-bastion}}
                        """.formatted(c)),
                securityGroup(environment, c, "worker", """
                        ingress:
                          - {protocol: tcp, ports: 22, from: {securityGroup: %s-bastion}}
                        """.formatted(c)),
                securityGroup(environment, c, "bastion", """
                        ingress:
                          - {protocol: tcp, ports: 22, from: {cidr: 203.0.113.0/24}, description: office}
                        """),
                securityGroup(environment, c, "db", """
                        ingress:
                          - {protocol: tcp, ports: 3306, from: {securityGroup: %1$s-app}}
                          - {protocol: tcp, ports: 3306, from: {securityGroup: %1$s-worker}}
                          - {protocol: tcp, ports: 3306, from: {securityGroup: %1$s-bastion}}
                        egress: []
                        """.formatted(c)),
                securityGroup(environment, c, "cache", """
                        ingress:
                          - {protocol: tcp, ports: 6379, from: {securityGroup: %s-app}}
                        egress: []
                        """.formatted(c)),
                securityGroup(environment, c, "monitoring", """
                        ingress:
                          - {protocol: tcp, ports: 9100, from: {cidr: 10.%d.0.0/16}, description: node exporter}
                        """.formatted(cell)));
    }

    private static String securityGroup(String environment, String c, String role, String rules) {
        return resource("SecurityGroup", c + "-" + role, environment,
                "vpc: %s\ndescription: \"%s of cell %s\"\n".formatted(c, role, c) + rules);
    }

    private static String bucket(String environment, String c, String purpose) {
        String lifecycle = switch (purpose) {
            case "logs" -> "  - {id: expire, expirationDays: 90}\n";
            case "backups" -> "  - {id: archive, transitions: [{days: 30, storageClass: GLACIER}], noncurrentVersionExpirationDays: 60}\n";
            default -> "  - {id: abort-multipart, abortIncompleteMultipartUploadDays: 7}\n";
        };
        return resource("Bucket", c + "-" + purpose, environment, """
                bucketName: %s
                versioning: %s
                encryption: {type: SSE-S3}
                publicAccessBlock: {blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true}
                lifecycle:
                %stags: {purpose: %s}
                """.formatted(bucketName(environment, c, purpose), !purpose.equals("logs"), lifecycle, purpose));
    }

    static String bucketName(String environment, String c, String purpose) {
        return "bench-" + environment + "-" + c + "-" + purpose;
    }

    private static String resource(String kind, String name, String environment, String spec) {
        return HEADER + "kind: " + kind + "\nmetadata: {name: " + name + ", environment: " + environment + "}\nspec:\n"
                + spec.indent(2);
    }
}
