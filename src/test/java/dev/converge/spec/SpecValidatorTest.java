package dev.converge.spec;

import static dev.converge.spec.SpecFixtures.BROKEN;
import static dev.converge.spec.SpecFixtures.GOOD;
import static dev.converge.spec.SpecFixtures.assertSingleError;
import static dev.converge.spec.SpecFixtures.errorsOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.converge.model.AuroraClusterSpec;
import dev.converge.model.DbSubnetGroupSpec;
import dev.converge.model.Environment;
import dev.converge.model.KindSpec;
import dev.converge.model.Management;
import dev.converge.model.Mode;
import dev.converge.model.Reference;
import dev.converge.model.Resource;
import dev.converge.model.ResourceKey;
import dev.converge.spec.DocumentSource.Position;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpecValidatorTest {

    @Test
    void validate_acceptsTheGoodSpec() {
        List<SpecError> errors = new ArrayList<>();
        List<Declaration> declarations = SpecLoader.read(GOOD, errors);

        assertThat(errors).isEmpty();
        assertThat(SpecValidator.validate(declarations)).isEmpty();
    }

    @Test
    void validate_acceptsAClusterBehindASubnetGroupInTwoZones_withItsFieldsNormalised() {
        Path file = GOOD.resolveSibling("databases.yaml");
        List<SpecError> errors = new ArrayList<>();
        List<Declaration> declarations = SpecLoader.read(file, errors);

        assertThat(errors).isEmpty();
        assertThat(SpecValidator.validate(declarations)).isEmpty();
        Resource cluster = SpecLoader.load(file).resourcesOf("prod").stream()
                .filter(r -> r.kind().equals(AuroraClusterSpec.KIND)).findFirst().orElseThrow();
        assertThat(cluster.references()).extracting(Reference::target).containsExactly(
                ResourceKey.of(DbSubnetGroupSpec.KIND, "data"), ResourceKey.of("SecurityGroup", "db"));
        assertThat(cluster.spec().properties())
                .containsEntry("preferredMaintenanceWindow", "sun:05:00-sun:06:00")
                .containsEntry("readers", 2)
                .doesNotContainKey("tags");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            vpc-without-cidr.yaml               | 9  | 1  | spec.cidr is required
            subnet-without-zone.yaml            | 14 | 1  | spec.zone is required
            nat-gateway-without-subnet.yaml     | 9  | 1  | spec.subnet is required
            route-table-without-vpc.yaml        | 9  | 1  | spec.vpc is required
            security-group-without-vpc.yaml     | 9  | 1  | spec.vpc is required
            route-without-destination.yaml      | 17 | 7  | spec.routes[0].destination is required
            route-with-two-targets.yaml         | 17 | 7  | spec.routes[0]: a route needs exactly one target (internetGateway: true, natGateway or target), got 2
            rule-without-protocol.yaml          | 17 | 7  | spec.ingress[0].protocol is required
            ingress-rule-with-to.yaml           | 17 | 39 | spec.ingress[0].to: ingress rules name their peer in 'from', not 'to'
            egress-rule-without-peer.yaml       | 17 | 7  | spec.egress[0].to is required
            peer-with-two-targets.yaml          | 17 | 41 | spec.ingress[0].from: a peer needs exactly one of cidr, securityGroup or prefixList, got 2
            port-out-of-range.yaml              | 17 | 30 | spec.ingress[0].ports: '70000' is outside the port range 0-65535
            port-range-reversed.yaml            | 17 | 30 | spec.ingress[0].ports: range '9000-8000' ends before it starts
            invalid-name.yaml                   | 8  | 18 | metadata.name: 'Prod_Network' is not a valid name
            cidr-with-host-bits.yaml            | 10 | 9  | spec.cidr: '10.0.0.1/16' has host bits set; the block is 10.0.0.0/16
            vpc-cidr-too-large.yaml             | 10 | 9  | spec.cidr: a VPC block must be between /16 and /28, got /8
            subnet-outside-vpc.yaml             | 17 | 9  | spec.cidr: 10.1.0.0/24 is not inside Vpc 'prod' (10.0.0.0/16)
            overlapping-subnets.yaml            | 25 | 9  | spec.cidr: 10.0.2.0/24 overlaps Subnet 'public-a' (10.0.0.0/22, 
            zone-outside-region.yaml            | 16 | 9  | spec.zone: zone 'eu-west-1a' is not in the environment's region us-east-1
            dangling-reference.yaml             | 17 | 44 | spec.routes[0].natGateway: NatGateway 'nat-b' is not defined in environment 'prod'
            undefined-environment.yaml          | 8  | 40 | metadata.environment: Environment 'staging' is not defined (defined: prod)
            resource-without-environment.yaml   | 8  | 1  | metadata.environment is required
            subnet-in-two-route-tables.yaml     | 31 | 13 | spec.subnets[0]: Subnet 'public-a' is already associated with RouteTable 'one'
            invalid-bucket-name.yaml            | 10 | 15 | spec.bucketName: 'Acme_Uploads' is not a valid S3 bucket name
            short-default-bucket-name.yaml      | 8  | 18 | metadata.name: 'ab' is not a valid S3 bucket name
            duplicate-bucket-name.yaml          | 21 | 15 | spec.bucketName: bucket name 'acme-uploads' is already used by Bucket 'uploads' in environment 'prod'
            environment-without-region.yaml     | 4  | 1  | spec.region is required
            invalid-account-id.yaml             | 6  | 14 | spec.accountId: '12345' is not a 12-digit AWS account id
            reserved-tag.yaml                   | 11 | 29 | spec.tags.converge:resource: tag keys starting with aws: or converge: (in any letter case) are reserved
            unknown-ignored-field.yaml          | 11 | 32 | spec.management.ignoreChanges[0]: 'enableDns' is not a field of Vpc
            policy-not-json.yaml                | 10 | 11 | spec.policy: not valid JSON
            world-open-ssh.yaml                 | 18 | 7  | spec.ingress[1]: port 22 (SSH) is open to the world (0.0.0.0/0); set openToWorld: true on the rule if that is intended
            world-open-rdp-ipv6.yaml            | 17 | 7  | spec.ingress[0]: port 3389 (RDP) is open to the world (::/0); set openToWorld: true
            world-open-database-range.yaml      | 17 | 7  | spec.ingress[0]: ports 3000-6000 include 3306 (MySQL), 3389 (RDP), 5432 (PostgreSQL), 5984 (CouchDB) and are open to the world (0.0.0.0/0)
            world-open-all-protocols.yaml       | 17 | 7  | spec.ingress[0]: every protocol and port is open to the world (0.0.0.0/0); set openToWorld: true
            world-open-all-tcp-ports.yaml       | 17 | 7  | spec.ingress[0]: ports 0-65535 include 22 (SSH), 1433 (MSSQL), 1521 (Oracle), 2181 (ZooKeeper) and 12 more such ports and are open to the world
            open-to-world-on-private-peer.yaml  | 17 | 74 | spec.ingress[0].openToWorld: applies only to ingress rules from 0.0.0.0/0 or ::/0
            unknown-protocol.yaml               | 17 | 18 | spec.ingress[0].protocol: unknown protocol 'tpc'
            undefined-peer-group.yaml           | 17 | 57 | spec.ingress[0].from.securityGroup: SecurityGroup 'lb' is not defined in environment 'prod' (defined: web)
            not-a-cidr.yaml                     | 10 | 9  | spec.cidr: '10.0.0.0' is not a CIDR block (expected a.b.c.d/n)
            invalid-cidr-octet.yaml             | 17 | 9  | spec.cidr: '10.0.300.0/24' has an octet outside 0..255
            subnet-block-too-small.yaml         | 17 | 9  | spec.cidr: a subnet block must be between /16 and /28, got /29
            duplicate-route-destination.yaml    | 18 | 21 | spec.routes[1].destination: route 0.0.0.0/0 is already declared by routes[0]
            bucket-name-too-long.yaml           | 10 | 15 | is not a valid S3 bucket name: 3-63 lowercase letters
            duplicate-lifecycle-id.yaml         | 11 | 12 | spec.lifecycle[0].id: lifecycle rule id 'expire' is used twice
            kms-key-with-sse-s3.yaml            | 10 | 40 | spec.encryption.kmsKeyId: a KMS key applies only to types SSE-KMS and DSSE-KMS
            too-many-tags.yaml                  | 12 | 5  | spec.tags: 47 tags and Converge's 4 ownership tags exceed AWS's limit of 50 tags per resource
            too-many-tags-with-environment.yaml | 13 | 9  | spec.tags: 47 tags (with the environment's) and Converge's 4 ownership tags exceed AWS's limit of 50
            environment-too-many-tags.yaml      | 7  | 5  | spec.tags: 47 tags and Converge's 4 ownership tags exceed AWS's limit of 50 tags per resource
            tag-key-too-long.yaml               | 12 | 136 | tag key is longer than AWS's limit of 128 characters
            tag-value-too-long.yaml             | 12 | 11 | spec.tags.team: tag value is longer than AWS's limit of 256 characters
            invalid-region.yaml                 | 5  | 11 | spec.region: 'us-east' is not an AWS region (like us-east-1)
            role-in-other-account.yaml          | 7  | 12 | spec.roleArn: the role is in account 222222222222 but spec.accountId is 111111111111
            external-id-without-role.yaml       | 7  | 15 | spec.externalId: externalId is sent when assuming spec.roleArn; this environment names no role
            external-id-invalid.yaml            | 8  | 15 | spec.externalId: an external id is 2 to 1224 characters of letters, digits and +=,.@:/-_
            delete-fraction-out-of-range.yaml   | 7  | 22 | spec.maxDeleteFraction: maxDeleteFraction is a share of the environment's resources, from 0 to 1, not 1.5
            unmanaged-bucket-pattern.yaml       | 8  | 32 | spec.unmanaged.bucketNames[1]: a bucket name pattern is 1 to 63 characters of lower-case letters, digits, '.', '-' and the wildcard '*', not 'Acme_Prod'
            launch-template-without-ami.yaml    | 9  | 1  | spec.ami is required
            asg-without-min-size.yaml           | 24 | 1  | spec.minSize is required
            asg-without-subnets.yaml            | 26 | 12 | spec.subnets: a group needs at least one subnet
            asg-min-above-max.yaml              | 27 | 12 | spec.minSize: minSize 4 is above maxSize 2
            asg-desired-outside-limits.yaml     | 29 | 20 | spec.desiredCapacity: 6 is outside [minSize, maxSize] = [2, 4]
            asg-undefined-launch-template.yaml  | 25 | 19 | spec.launchTemplate: LaunchTemplate 'web' is not defined in environment 'prod' (defined: api)
            asg-subnets-in-two-vpcs.yaml        | 26 | 20 | spec.subnets[1]: Subnet 'other-a' is in Vpc 'other', but the group's first subnet is in Vpc 'prod'
            db-subnet-group-one-subnet.yaml     | 25 | 12 | spec.subnets: a DB subnet group needs at least 2 subnets, in at least 2 zones
            db-subnet-group-one-zone.yaml       | 25 | 12 | spec.subnets: the subnets are all in us-east-1a; a DB subnet group needs subnets in at least 2 zones
            aurora-unknown-engine.yaml          | 31 | 11 | spec.engine: 'mysql' is not an Aurora engine (use aurora-mysql or aurora-postgresql)
            aurora-without-instance-class.yaml  | 30 | 1  | spec.instanceClass is required
            aurora-too-many-readers.yaml        | 34 | 12 | spec.readers: must be between 0 and 15, got 16
            aurora-backup-retention-out-of-range.yaml | 34 | 24 | spec.backupRetentionDays: must be between 1 and 35, got 0
            aurora-bad-maintenance-window.yaml  | 34 | 31 | spec.preferredMaintenanceWindow: 'sunday 05:00' is not a window (ddd:hh:mm-ddd:hh:mm, UTC)
            aurora-dangling-subnet-group.yaml   | 33 | 16 | spec.subnetGroup: DbSubnetGroup 'database' is not defined in environment 'prod' (defined: data)
            """)
    void validate_reportsABrokenSpecOnce_atTheOffendingField(String fixture, int line, int column, String message) {
        assertSingleError(fixture, line, column, message);
    }

    @Test
    void validate_reportsADuplicateAcrossFiles_withBothLocations() {
        Path spec = BROKEN.resolve("duplicate-across-files");

        assertThat(errorsOf(spec)).extracting(SpecError::toString).containsExactly(
                spec.resolve("b.yaml") + ":4:18: metadata.name: duplicate Vpc 'prod' in environment 'prod';"
                        + " also declared at " + spec.resolve("a.yaml") + ":8:18");
    }

    @Test
    void validate_reportsAnOverlapAcrossFiles_pointingAtTheEarlierSubnet() {
        Path spec = BROKEN.resolve("overlap-across-files");

        assertThat(errorsOf(spec)).extracting(SpecError::toString).containsExactly(
                spec.resolve("b.yaml") + ":5:43: spec.cidr: 10.0.8.0/24 overlaps Subnet 'app-a' (10.0.0.0/20, "
                        + spec.resolve("a.yaml") + ":14:43)");
    }

    @Test
    void validate_reportsAReferenceToAResourceNoFileDeclares() {
        Path spec = BROKEN.resolve("dangling-reference-across-files");

        assertThat(errorsOf(spec)).extracting(SpecError::toString).containsExactly(
                spec.resolve("b.yaml") + ":4:16: spec.subnet: Subnet 'public-a' is not defined in environment 'prod'");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            SSH stated as intended          | tcp | 22        | 0.0.0.0/0  | true
            HTTPS from anywhere             | tcp | 443       | 0.0.0.0/0  |
            HTTP from anywhere over IPv6    | tcp | 80        | ::/0       |
            SSH from the office             | tcp | 22        | 10.0.0.0/8 |
            databases from the VPC          | tcp | 3000-6000 | 10.0.0.0/16 |
            ICMP from anywhere              | icmp |          | 0.0.0.0/0  |
            """)
    void validate_acceptsIngressThatIsNotAnUnintendedWorldOpenAdminPort(
            String rule, String protocol, String ports, String cidr, Boolean openToWorld, @TempDir Path spec) throws IOException {
        Path file = spec.resolve("sg.yaml");
        Files.writeString(file, String.format("""
                apiVersion: converge.dev/v1alpha1
                kind: Environment
                metadata: {name: prod}
                spec: {region: us-east-1}
                ---
                apiVersion: converge.dev/v1alpha1
                kind: Vpc
                metadata: {name: prod, environment: prod}
                spec: {cidr: 10.0.0.0/16}
                ---
                apiVersion: converge.dev/v1alpha1
                kind: SecurityGroup
                metadata: {name: web, environment: prod}
                spec:
                  vpc: prod
                  ingress:
                    - {protocol: %s, %s from: {cidr: "%s"}, openToWorld: %s}
                  egress:
                    - {protocol: all, to: {cidr: 0.0.0.0/0}}
                """, protocol, ports == null ? "" : "ports: " + ports + ",", cidr, openToWorld));

        assertThat(SpecLoader.load(file).resourcesOf("prod")).as(rule).hasSize(2);
    }

    @Test
    void validate_reportsEveryProblemOfASpec_inFileOrder() {
        Path file = BROKEN.resolve("several-problems.yaml");

        assertThat(errorsOf(file)).extracting(SpecError::toString).containsExactly(
                file + ":6:14: spec.accountId: '12345678901' is not a 12-digit AWS account id"
                        + " (quote it in YAML so that leading zeros are kept)",
                file + ":12:9: spec.cidr: '10.0.0.0/33' has a prefix length outside 0..32",
                file + ":17:13: spec.vpc: Vpc 'main' is not defined in environment 'prod' (defined: prod)");
    }

    /** A kind whose resources may depend on each other; no real kind can form a cycle today. */
    record Linked(List<String> needs) implements KindSpec {
        @Override
        public Map<String, String> tags() {
            return Map.of();
        }

        @Override
        public Management management() {
            return Management.DEFAULT;
        }

        @Override
        public List<Reference> references() {
            List<Reference> references = new ArrayList<>();
            for (int i = 0; i < needs.size(); i++) {
                references.add(Reference.ordering("Linked", needs.get(i), "needs[" + i + "]"));
            }
            return references;
        }

        @Override
        public Map<String, Object> properties() {
            return Map.of();
        }

        @Override
        public Set<String> replacementFields() {
            return Set.of();
        }
    }

    @Test
    void validate_reportsAReferenceCycle_atTheReferenceThatClosesIt() {
        DocumentSource source = new DocumentSource("cycle.yaml", JsonNodeFactory.instance.objectNode(),
                Map.of("", new Position(1, 1), "/spec/needs/0", new Position(9, 11)), Map.of());
        List<Declaration> declarations = List.of(
                new Declaration.OfEnvironment(
                        new Environment("prod", "us-east-1", null, null, Mode.ENFORCE, false, Map.of()), source),
                linked("a", List.of("b"), source),
                linked("b", List.of("c"), source),
                linked("c", List.of("a"), source));

        assertThat(SpecValidator.validate(declarations)).extracting(SpecError::toString)
                .containsExactly("cycle.yaml:9:11: spec.needs[0]: reference cycle: Linked/a -> Linked/b -> Linked/c -> Linked/a");
    }

    private static Declaration linked(String name, List<String> needs, DocumentSource source) {
        return new Declaration.OfResource(
                new Resource(ResourceKey.of("Linked", name), "prod", Map.of(), new Linked(needs)), source);
    }
}
