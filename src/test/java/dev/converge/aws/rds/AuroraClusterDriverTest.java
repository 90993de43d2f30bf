package dev.converge.aws.rds;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.rds.model.DBCluster;

/**
 * Clusters shaped as DescribeDBClusters returns them on AWS while an upgrade is pending or under way
 * ({@code PendingModifiedValues.EngineVersion}); moto applies modifications at once and never reports
 * pending values.
 */
class AuroraClusterDriverTest {

    @Test
    void anUpgradeUnderWay_countsAsItsTargetVersion_soItIsNotSentAgain() {
        DBCluster upgrading = DBCluster.builder().status("upgrading").engine("aurora-postgresql").engineVersion("15.4")
                .pendingModifiedValues(p -> p.engineVersion("16.1")).build();

        assertThat(AuroraClusterDriver.liveVersion(upgrading)).isEqualTo("16.1");
    }

    @Test
    void withoutPendingChanges_theLiveVersionIsTheClustersOwn() {
        DBCluster settled = DBCluster.builder().status("available").engine("aurora-mysql")
                .engineVersion("8.0.mysql_aurora.3.05.2").build();

        assertThat(AuroraClusterDriver.liveVersion(settled)).isEqualTo("8.0.mysql_aurora.3.05.2");
    }
}
