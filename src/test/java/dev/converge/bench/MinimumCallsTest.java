package dev.converge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.spec.DesiredState;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's model of the fewest calls a no-drift pass can make, on the estates it generates. */
class MinimumCallsTest {

    @Test
    void aSmallEstateCostsOnePagePerKindAndEnvironmentAndTheReadsNoListReturns(@TempDir Path directory) {
        DesiredState estate = EstateSpec.write(EstateLayout.of(100, EstateLayout.Accounts.MIXED), directory);

        Map<String, Long> minimum = MinimumCalls.of(estate);

        assertThat(estate.environments()).hasSize(4);
        assertThat(minimum).containsEntry("DescribeSecurityGroups", 4L)
                .containsEntry("DescribeVpcAttribute", 8L) // two declared DNS attributes of one VPC per environment
                .containsEntry("GetResources", 8L) // buckets and DB subnet groups, one page each per environment
                .containsEntry("GetBucketVersioning", 16L) // versioning: false is declared too
                .containsEntry("ListQueues", 4L) // no queue declared: the list still finds what a removed one left
                .containsEntry("ListBuckets", 3L) // once per account and cycle: dev and test share one
                .doesNotContainKeys("GetBucketTagging", "GetCallerIdentity");
        assertThat(minimum.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(136 + 8 * 4 + 2 * 3);
    }

    @Test
    void listsGrowByPagesAndOnlyDeclaredReadsGrowPerResource(@TempDir Path directory) {
        DesiredState estate = EstateSpec.write(EstateLayout.of(5000, EstateLayout.Accounts.MIXED), directory);

        Map<String, Long> minimum = MinimumCalls.of(estate);

        assertThat(minimum).containsEntry("DescribeRouteTables", 4L) // 100 per environment: one full page of 100
                .containsEntry("GetResources", 12L) // 200 buckets are two pages, 50 subnet groups one, per environment
                .containsEntry("DescribeVpcAttribute", 400L)
                .containsEntry("GetBucketEncryption", 800L);
    }
}
