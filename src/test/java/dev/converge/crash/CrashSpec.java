package dev.converge.crash;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The "large apply" the crash test kills: the production example as shipped, plus extra subnets,
 * security groups and buckets of the same environment, written as a second spec file beside it.
 */
final class CrashSpec {

    static final int EXTRA_SUBNETS = 8;
    static final int EXTRA_GROUPS = 10;
    static final int EXTRA_BUCKETS = 16;
    private static final String[] ZONES = {"a", "b", "c", "d"};

    private CrashSpec() {}

    static Path writeTo(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.copy(Path.of("specs", "prod.yaml"), dir.resolve("prod.yaml"), StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(dir.resolve("extra.yaml"), extra());
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String extra() {
        StringBuilder yaml = new StringBuilder();
        for (int i = 0; i < EXTRA_SUBNETS; i++) {
            document(yaml, "Subnet", "extra-" + i, """
                    vpc: prod
                    zone: us-east-1%s
                    cidr: 10.0.%d.0/22
                    """.formatted(ZONES[i % ZONES.length], 128 + 4 * i));
        }
        for (int i = 0; i < EXTRA_GROUPS; i++) {
            document(yaml, "SecurityGroup", "svc-" + i, """
                    vpc: prod
                    description: "service %d"
                    ingress:
                      - {protocol: tcp, ports: %d, from: {cidr: 10.0.0.0/16}, description: service port}
                      - {protocol: tcp, ports: 443, from: {securityGroup: alb}}
                    """.formatted(i, 8000 + i));
        }
        for (int i = 0; i < EXTRA_BUCKETS; i++) {
            document(yaml, "Bucket", "extra-" + i, """
                    bucketName: acme-prod-crash-extra-%d
                    versioning: %b
                    encryption: {type: SSE-S3}
                    publicAccessBlock: {blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true}
                    tags: {asset-class: scratch}
                    """.formatted(i, i % 2 == 0));
        }
        return yaml.toString();
    }

    private static void document(StringBuilder yaml, String kind, String name, String spec) {
        yaml.append("---\napiVersion: converge.dev/v1alpha1\nkind: ").append(kind)
                .append("\nmetadata:\n  name: ").append(name).append("\n  environment: prod\nspec:\n")
                .append(spec.indent(2));
    }
}
