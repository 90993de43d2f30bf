package dev.converge.aws.autoscaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.aws.ec2.TemplateVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RolloutTest {

    private static final TemplateVersion LATEST = new TemplateVersion("lt-1", 3, "ami-new", "t3.small");

    @Test
    void anInstanceLaunchedFromAnOlderVersion_isOutdated_evenWhenItRunsTheSameImage() {
        assertThat(member("i-1", "InService", "2", "ami-new").outdated(LATEST)).isTrue();
    }

    @Test
    void anInstanceRunningAnotherImage_isOutdated_whateverVersionItReports() {
        assertThat(member("i-1", "InService", "3", "ami-old").outdated(LATEST)).isTrue();
    }

    @Test
    void anInstanceOnTheLatestVersionAndImage_isCurrent() {
        assertThat(member("i-1", "InService", "3", "ami-new").outdated(LATEST)).isFalse();
    }

    @Test
    void anInstanceOnItsWayOut_isNeverReplacedAgain() {
        assertThat(member("i-1", "Terminating", "1", "ami-old").outdated(LATEST)).isFalse();
    }

    @Test
    void outdated_listsOnlyTheInstancesToReplace() {
        List<FleetMember> members = List.of(member("i-1", "InService", "3", "ami-new"), member("i-2", "InService", "2", "ami-old"),
                member("i-3", "Pending", "2", "ami-old"));

        assertThat(Rollout.outdated(members, LATEST)).containsExactly("i-2", "i-3");
    }

    @Test
    void batch_isATenthOfTheDesiredCapacity_andAtLeastOne() {
        assertThat(Rollout.batch(0)).isEqualTo(1);
        assertThat(Rollout.batch(9)).isEqualTo(1);
        assertThat(Rollout.batch(25)).isEqualTo(2);
        assertThat(Rollout.batch(100)).isEqualTo(10);
    }

    @Test
    void nextBatch_replacesATenthOfTheFleet_oldestFirstInListOrder() {
        List<FleetMember> members = fleetOf(20, "ami-old");

        assertThat(Rollout.nextBatch(members, LATEST, 20)).containsExactly("i-0", "i-1");
    }

    @Test
    void nextBatch_waitsWhileTheLastBatchIsStillLaunching() {
        List<FleetMember> members = new ArrayList<>(fleetOf(3, "ami-old"));
        members.add(member("i-new", "Pending", "3", "ami-new"));

        assertThat(Rollout.nextBatch(members, LATEST, 4)).isEmpty();
    }

    @Test
    void nextBatch_neverReplacesTheLastInstanceInService() {
        assertThat(Rollout.nextBatch(fleetOf(1, "ami-old"), LATEST, 1)).isEmpty();
        assertThat(Rollout.nextBatch(fleetOf(2, "ami-old"), LATEST, 2)).containsExactly("i-0");
    }

    private static List<FleetMember> fleetOf(int size, String image) {
        return IntStream.range(0, size).mapToObj(i -> member("i-" + i, "InService", "2", image)).toList();
    }

    private static FleetMember member(String id, String state, String version, String image) {
        return new FleetMember(id, state, version, image, "t3.small");
    }
}
