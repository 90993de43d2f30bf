package dev.converge.spec;

import static dev.converge.spec.SpecFixtures.BROKEN;
import static dev.converge.spec.SpecFixtures.assertSingleError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.model.BucketSpec;
import dev.converge.model.Resource;
import dev.converge.model.SecurityGroupRule;
import dev.converge.model.SecurityGroupSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What AWS refuses, caught offline with the rules AWS documents, and what AWS accepts, never refused.
 * Each broken fixture holds one mistake; each accepted fixture holds one thing a stricter validator
 * once refused (or would), and must load without errors or warnings.
 */
class AwsRulesTest {

    static final Path ACCEPTED = BROKEN.resolveSibling("accepted");
    /** Specs AWS may accept: loaded, with a warning, so they are no broken specs (BadInputIT drops every one of those). */
    static final Path WARNED = BROKEN.resolveSibling("warnings");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "aurora-serverless-v2.yaml",
            "aurora-postgresql-version.yaml",
            "aurora-windows-apart.yaml",
            "asg-health-check-vpc-lattice.yaml",
            "asg-health-check-ebs.yaml",
            "bucket-dsse-kms.yaml",
            "bucket-dsse-kms-aws-name.yaml",
            "icmp-ping.yaml",
            "new-region.yaml",
            "local-zone-subnet.yaml",
            "ami-from-ssm-parameter.yaml",
            "lifecycle-waterfall.yaml",
            "policy-for-the-bucket.yaml"})
    void validate_acceptsWhatAwsAccepts(String fixture) {
        DesiredState state = SpecLoader.load(ACCEPTED.resolve(fixture));

        assertThat(state.warnings()).isEmpty();
        assertThat(state.resourcesOf("prod")).isNotEmpty();
    }

    @Test
    void accepted_coverEveryFixture() throws IOException {
        try (var files = Files.list(ACCEPTED)) {
            assertThat(files).hasSize(13);
        }
    }

    @Test
    void icmpPing_becomesAnEchoRequestRule_byTypeAndCode() {
        Resource group = resource("icmp-ping.yaml", SecurityGroupSpec.KIND);

        assertThat(group.spec().properties().get("ingress")).asInstanceOf(InstanceOfAssertFactories.ITERABLE)
                .containsExactlyInAnyOrder(
                        new SecurityGroupRule("icmp", 8, 0, "0.0.0.0/0", "ping"),
                        new SecurityGroupRule("icmpv6", 128, -1, "::/0", ""));
    }

    @Test
    void dsseKms_isTheDualLayerAlgorithm_withItsKey() {
        Resource bucket = resource("bucket-dsse-kms.yaml", BucketSpec.KIND);

        assertThat(bucket.spec().properties().get("encryption"))
                .isEqualTo(new BucketSpec.Encryption("aws:kms:dsse", "alias/uploads", false));
    }

    private static Resource resource(String fixture, String kind) {
        return SpecLoader.load(ACCEPTED.resolve(fixture)).resourcesOf("prod").stream()
                .filter(r -> r.kind().equals(kind))
                .findFirst()
                .orElseThrow();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            lifecycle-as-mapping.yaml                 | 16 | 5  | spec.lifecycle: expected a list, got a mapping
            asg-template-groups-other-vpc.yaml        | 51 | 19 | spec.launchTemplate: LaunchTemplate 'web' uses SecurityGroup 'web' of Vpc 'other', but the group's subnets are in Vpc 'prod'
            aurora-groups-other-vpc.yaml              | 52 | 20 | spec.securityGroups[0]: SecurityGroup 'db' is in Vpc 'other', but DbSubnetGroup 'data' is in Vpc 'prod'
            route-nat-gateway-other-vpc.yaml          | 37 | 44 | spec.routes[0].natGateway: NatGateway 'nat' is in Vpc 'other', not in the table's Vpc 'prod'
            route-igw-without-gateway.yaml            | 23 | 49 | spec.routes[0].internetGateway: Vpc 'other' has no internet gateway; set internetGateway: true on the Vpc
            nat-gateway-private-subnet.yaml           | 24 | 11 | spec.subnet: Subnet 'app-a' is not public; put the NAT gateway in a public subnet
            nat-gateway-without-internet-gateway.yaml | 30 | 11 | spec.subnet: Subnet 'other-a' is in Vpc 'other', which has no internet gateway
            route-to-local.yaml                       | 17 | 42 | spec.routes[0].target: 'local' is a target AWS manages itself: the local route to the VPC's own block is created by AWS
            route-to-gateway-endpoint.yaml            | 17 | 43 | spec.routes[0].target: 'vpce-0a1b2c3d4e5f67890' is a target AWS manages itself: a gateway endpoint's routes are added by AWS
            launch-template-bad-ami.yaml              | 15 | 8  | spec.ami: 'ami-12345' is not an AMI id (ami- and 8 or 17 hexadecimal digits
            launch-template-bad-instance-type.yaml    | 16 | 17 | spec.instanceType: 't3micro' is not an instance type (family and size, like t3.micro
            launch-template-bad-instance-profile.yaml | 17 | 23 | spec.iamInstanceProfile: 'arn:aws:iam::111111111111:role/web' is neither an instance profile name nor an instance profile ARN
            asg-bad-target-group-arn.yaml             | 42 | 21 | spec.targetGroupArns[0]: 'web-targets' is not a target group ARN
            asg-unknown-health-check.yaml             | 42 | 20 | spec.healthCheckType: 'HTTP' is not a health check type (use EC2, ELB, VPC_LATTICE, EBS)
            aurora-bad-instance-class.yaml            | 39 | 18 | spec.instanceClass: 'r6g.large' is not a DB instance class (like db.r6g.large)
            aurora-bad-master-username.yaml           | 40 | 19 | spec.masterUsername: '1admin' is not a master user name for aurora-mysql: 1 to 16 letters, digits or underscores, starting with a letter
            aurora-reserved-master-username.yaml      | 40 | 19 | spec.masterUsername: 'postgres' is reserved by RDS or the engine; choose another name
            aurora-version-of-other-engine.yaml       | 40 | 18 | spec.engineVersion: '15.4' is not an aurora-mysql version (like 8.0.mysql_aurora.3.05.2); it is a version of aurora-postgresql
            aurora-backup-overlaps-maintenance.yaml   | 40 | 26 | spec.preferredBackupWindow: '04:30-05:30' overlaps the maintenance window 'sun:05:00-sun:06:00'; RDS needs them apart
            aurora-backup-window-too-short.yaml       | 40 | 26 | spec.preferredBackupWindow: '03:00-03:15' is 15 minutes long; RDS needs a backup window of at least 30 minutes
            zone-not-a-zone.yaml                      | 16 | 9  | spec.zone: 'us-east-1-' is not a zone name: the region and a letter, like us-east-1a
            sg-description-not-ascii.yaml             | 16 | 16 | spec.description: 'ü' is not allowed in an EC2 description; use only a-z, A-Z, 0-9, spaces and
            sg-description-too-long.yaml              | 16 | 16 | spec.description: is 256 characters long; EC2 allows at most 255
            rule-description-bad-character.yaml       | 17 | 74 | spec.ingress[0].description: '&' is not allowed in an EC2 description
            reserved-tag-any-case.yaml                | 18 | 20 | spec.tags.AWS:team: tag keys starting with aws: or converge: (in any letter case) are reserved
            lifecycle-rule-without-action.yaml        | 16 | 7  | spec.lifecycle[0]: a lifecycle rule needs at least one action: expirationDays, noncurrentVersionExpirationDays
            lifecycle-ia-too-early.yaml               | 17 | 28 | spec.lifecycle[0].transitions[0].days: S3 moves objects to STANDARD_IA after at least 30 days, got 7
            lifecycle-unknown-storage-class.yaml      | 17 | 46 | spec.lifecycle[0].transitions[0].storageClass: 'COLD' is not a storage class lifecycle rules move objects to
            lifecycle-wrong-order.yaml                | 19 | 36 | spec.lifecycle[0].transitions[1].storageClass: objects cannot move from GLACIER to STANDARD_IA
            lifecycle-ia-stay-too-short.yaml          | 19 | 18 | spec.lifecycle[0].transitions[1].days: objects stay at least 30 days in STANDARD_IA (from day 30); move them on day 60 or later
            lifecycle-expiration-before-transition.yaml | 17 | 23 | spec.lifecycle[0].expirationDays: objects expire on day 30, not after their last transition on day 90
            policy-without-statement.yaml             | 15 | 11 | spec.policy: a policy needs a Statement list with at least one statement
            policy-bad-effect.yaml                    | 17 | 18 | spec.policy.Statement[0].Effect: 'allow' is not an effect (use Allow or Deny, as written)
            policy-without-principal.yaml             | 17 | 9  | spec.policy.Statement[0]: a statement needs Principal (or NotPrincipal)
            policy-other-bucket.yaml                  | 17 | 75 | spec.policy.Statement[0].Resource: 'arn:aws:s3:::acme-logs/*' is not this bucket or its objects
            policy-bad-version.yaml                   | 16 | 14 | spec.policy.Version: '2024-01-01' is not a policy language version (use 2012-10-17)
            world-open-redis.yaml                     | 17 | 7  | spec.ingress[0]: port 6379 (Redis) is open to the world (0.0.0.0/0); set openToWorld: true on the rule if that is intended
            icmp-with-ports.yaml                      | 17 | 31 | spec.ingress[0].ports: ICMP has no ports; use icmpType (and icmpCode), like icmpType: 8 for ping
            icmp-code-without-type.yaml               | 17 | 34 | spec.ingress[0].icmpCode: an ICMP code needs its icmpType
            icmp-type-on-tcp.yaml                     | 17 | 45 | spec.ingress[0].icmpType: applies only to protocol icmp or icmpv6; tcp rules use ports
            icmp-type-out-of-range.yaml               | 17 | 34 | spec.ingress[0].icmpType: must be between 0 and 255, got 256
            bucket-kms-key-not-a-key.yaml             | 15 | 41 | spec.encryption.kmsKeyId: 'arn:aws:iam::111111111111:role/uploads' is not a KMS key: use its id, an alias (alias/<name>) or the ARN of either
            bucket-unknown-encryption.yaml            | 15 | 22 | spec.encryption.type: unknown encryption type 'SSE-C' (use SSE-S3, SSE-KMS or DSSE-KMS)
            """)
    void validate_reportsWhatAwsWouldRefuse_once_atTheOffendingField(String fixture, int line, int column, String message) {
        assertSingleError(fixture, line, column, message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            sg-peer-in-other-vpc.yaml | 29 | 57 | spec.ingress[0].from.securityGroup: SecurityGroup 'lb' is in Vpc 'other', not in this group's Vpc 'prod'; AWS accepts that only across a VPC peering connection
            unknown-region.yaml       | 4  | 16 | spec.region: 'xx-north-9' is not a region this build's AWS SDK knows; check the spelling unless the region is new
            """)
    void validate_warnsAboutWhatAwsMayAccept_andUsesTheSpec(String fixture, int line, int column, String message) {
        Path file = WARNED.resolve(fixture);
        List<SpecError> warnings = SpecLoader.load(file).warnings();

        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0).toString()).isEqualTo(file + ":" + line + ":" + column + ": " + message);
    }

    @ParameterizedTest(name = "{1} ({0})")
    @CsvSource(delimiter = '|', textBlock = """
            6379  | Redis
            11211 | Memcached
            27017 | MongoDB
            9200  | Elasticsearch
            9300  | Elasticsearch transport
            9092  | Kafka
            1433  | MSSQL
            1521  | Oracle
            9042  | Cassandra
            """)
    void validate_refusesADataStorePortOpenToTheWorld(int port, String store, @TempDir Path spec) throws IOException {
        Path file = spec.resolve("sg.yaml");
        Files.writeString(file, Files.readString(BROKEN.resolve("world-open-redis.yaml")).replace("6379", String.valueOf(port)));

        assertThat(SpecFixtures.errorsOf(file)).extracting(SpecError::message).containsExactly("spec.ingress[0]: port " + port
                + " (" + store + ") is open to the world (0.0.0.0/0); set openToWorld: true on the rule if that is intended");
    }
}
