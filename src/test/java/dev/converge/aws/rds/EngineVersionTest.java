package dev.converge.aws.rds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.aws.rds.EngineVersion.Step;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Engine versions in the shapes DescribeDBClusters reports them on AWS (moto keeps whatever version it is
 * given and never upgrades a cluster by itself): Aurora MySQL {@code <mysql>.mysql_aurora.<aurora>},
 * Aurora PostgreSQL {@code <major>.<minor>}, as listed in the Aurora release notes.
 */
class EngineVersionTest {

    @Test
    void auroraMysql_majorIsTheMysqlLine_andTheAuroraReleaseComparesNumberByNumber() {
        assertThat(EngineVersion.parse("8.0.mysql_aurora.3.05.2")).hasValue(new EngineVersion(List.of(8, 0), List.of(3, 5, 2)));
        assertThat(EngineVersion.step("8.0.mysql_aurora.3.05.2", "8.0.mysql_aurora.3.10.0"))
                .as("3.10 is newer than 3.05, though it sorts before it as text").isEqualTo(Step.LIVE_AHEAD);
        assertThat(EngineVersion.step("8.0.mysql_aurora.3.10.0", "8.0.mysql_aurora.3.05.2")).isEqualTo(Step.MINOR_UPGRADE);
        assertThat(EngineVersion.step("8.0.mysql_aurora.3.05.2", "8.0.mysql_aurora.3.05.2")).isEqualTo(Step.SAME);
    }

    @Test
    void auroraMysql_5_7To8_0_isAMajorUpgrade_andBackADowngrade() {
        assertThat(EngineVersion.step("8.0.mysql_aurora.3.05.2", "5.7.mysql_aurora.2.11.2")).isEqualTo(Step.MAJOR_UPGRADE);
        assertThat(EngineVersion.step("5.7.mysql_aurora.2.12.1", "8.0.mysql_aurora.3.04.0"))
                .as("a newer Aurora 2 release does not make up for an older MySQL line").isEqualTo(Step.DOWNGRADE);
    }

    @Test
    void auroraPostgresql_majorIsTheFirstNumber() {
        assertThat(EngineVersion.parse("15.4")).hasValue(new EngineVersion(List.of(15), List.of(15, 4)));
        assertThat(EngineVersion.step("15.4", "15.10")).isEqualTo(Step.LIVE_AHEAD);
        assertThat(EngineVersion.step("15.10", "15.4")).isEqualTo(Step.MINOR_UPGRADE);
        assertThat(EngineVersion.step("16.1", "15.4")).isEqualTo(Step.MAJOR_UPGRADE);
        assertThat(EngineVersion.step("13.12", "16.1")).isEqualTo(Step.DOWNGRADE);
        assertThat(EngineVersion.step("16", "16.1")).as("a bare major is its oldest release").isEqualTo(Step.LIVE_AHEAD);
    }

    @Test
    void postgresqlBeforeTen_namedItsMajorWithTwoNumbers() {
        assertThat(EngineVersion.parse("9.6.22")).hasValue(new EngineVersion(List.of(9, 6), List.of(9, 6, 22)));
        assertThat(EngineVersion.step("10.21", "9.6.22")).isEqualTo(Step.MAJOR_UPGRADE);
    }

    @Test
    void unknownShapes_areLeftToRds() {
        assertThat(EngineVersion.parse("16.4-limitless")).isEmpty();
        assertThat(EngineVersion.step("16.4-limitless", "16.4")).isEqualTo(Step.UNKNOWN);
        assertThat(EngineVersion.reported("16.4-limitless", "16.6")).isEqualTo("16.6");
    }

    @Test
    void anAutomaticMinorUpgrade_isReportedAsTheDeclaredVersion_soItIsNotDrift() {
        assertThat(EngineVersion.reported("8.0.mysql_aurora.3.05.2", "8.0.mysql_aurora.3.08.1")).isEqualTo("8.0.mysql_aurora.3.05.2");
        assertThat(EngineVersion.unreachable("8.0.mysql_aurora.3.05.2", "8.0.mysql_aurora.3.08.1")).isEmpty();
        assertThat(EngineVersion.reported(null, "15.4")).as("nothing declared: the live version").isEqualTo("15.4");
    }

    @Test
    void anUpgrade_isReportedAsTheLiveVersion_soItIsPlanned() {
        assertThat(EngineVersion.reported("16.1", "15.4")).isEqualTo("15.4");
        assertThat(EngineVersion.unreachable("16.1", "15.4")).isEmpty();
    }

    @Test
    void anOlderMajor_isUnreachable_withWhy() {
        assertThat(EngineVersion.reported("13.12", "16.1")).isEqualTo("16.1");
        assertThat(EngineVersion.unreachable("13.12", "16.1")).hasValueSatisfying(why -> assertThat(why)
                .contains("13.12").contains("16.1").contains("never asks"));
    }
}
