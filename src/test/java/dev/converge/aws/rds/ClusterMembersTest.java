package dev.converge.aws.rds;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The instance steps of a cluster, followed step by step: each step is applied to the members the way
 * AWS applies it, and the next step is planned from the result, as successive observations would.
 */
class ClusterMembersTest {

    private static final String OLD = "db.r5.large";
    private static final String NEW = "db.r6g.xlarge";

    private int clock;

    @Test
    void aNewCluster_getsItsWriterFirst_thenItsReaders() {
        assertThat(new ClusterMembers("c", List.of()).next(OLD, 2, true)).containsExactly(
                MemberStep.create("c-1", OLD), MemberStep.create("c-2", OLD), MemberStep.create("c-3", OLD));
    }

    @Test
    void readersDown_removesTheNewestReaders_neverTheWriter() {
        List<Member> members = List.of(member("c-1", OLD, false), member("c-2", OLD, false), member("c-3", OLD, true),
                member("c-4", OLD, false));

        assertThat(new ClusterMembers("c", members).next(OLD, 0, true))
                .containsExactly(MemberStep.delete("c-4"), MemberStep.delete("c-2"), MemberStep.delete("c-1"));
    }

    @Test
    void readersUp_takesTheLowestFreeNames_soARetriedStepFindsWhatItCreated() {
        List<Member> members = List.of(member("c-1", OLD, true), member("c-3", OLD, false));

        assertThat(new ClusterMembers("c", members).next(OLD, 3, true))
                .containsExactly(MemberStep.create("c-2", OLD), MemberStep.create("c-4", OLD));
    }

    @Test
    void classChange_addsAReaderOfTheNewClass_failsOverToIt_thenReplacesTheOldOnesOneByOne() {
        List<Member> members = List.of(member("c-1", OLD, true), member("c-2", OLD, false), member("c-3", OLD, false));
        List<List<MemberStep>> steps = new ArrayList<>();

        for (int pass = 0; pass < 10; pass++) {
            List<MemberStep> next = new ClusterMembers("c", members).next(NEW, 2, true);
            if (next.isEmpty()) {
                break;
            }
            steps.add(next);
            members = applied(members, next);
        }

        assertThat(steps).containsExactly(
                List.of(MemberStep.create("c-4", NEW)),
                List.of(MemberStep.failover("c-4")),
                List.of(MemberStep.delete("c-3")),
                List.of(MemberStep.create("c-3", NEW), MemberStep.delete("c-2")),
                List.of(MemberStep.create("c-2", NEW), MemberStep.delete("c-1")));
        ClusterMembers done = new ClusterMembers("c", members);
        assertThat(done.instanceClass()).isEqualTo(NEW);
        assertThat(done.readers()).isEqualTo(2);
    }

    @Test
    void classChange_waitsForItsSuccessorToBeAvailable_beforeFailingOver() {
        List<Member> members = List.of(member("c-1", OLD, true),
                new Member("c-2", NEW, false, false, null, true));

        assertThat(new ClusterMembers("c", members).next(NEW, 1, true)).isEmpty();
    }

    @Test
    void mixedClasses_areReportedAsAMixThatEqualsNoClass_untilTheChangeIsDone() {
        List<Member> members = List.of(member("c-1", OLD, true), member("c-2", OLD, false), member("c-3", NEW, false));
        ClusterMembers cluster = new ClusterMembers("c", members);

        assertThat(cluster.instanceClass()).isEqualTo("mixed: db.r5.large x2 (writer), db.r6g.xlarge x1");
        assertThat(cluster.readers()).isEqualTo(2);
    }

    @Test
    void mixedClasses_whoseClassIsIgnored_areOnlyScaled() {
        List<Member> members = List.of(member("c-1", OLD, true), member("c-2", NEW, false));

        assertThat(new ClusterMembers("c", members).next(NEW, 2, false)).containsExactly(MemberStep.create("c-3", NEW));
    }

    @Test
    void aClusterWithoutAWriter_isLeftAlone_whileAwsPromotesOne() {
        List<Member> members = List.of(member("c-2", OLD, false));

        assertThat(new ClusterMembers("c", members).next(NEW, 3, true)).isEmpty();
    }

    private Member member(String id, String instanceClass, boolean writer) {
        return new Member(id, instanceClass, writer, true, Instant.EPOCH.plusSeconds(++clock), true);
    }

    /** The members after AWS carried out the steps: a failover moves the writer flag, nothing else. */
    private List<Member> applied(List<Member> members, List<MemberStep> steps) {
        List<Member> result = new ArrayList<>(members);
        for (MemberStep step : steps) {
            switch (step.kind()) {
                case CREATE -> result.add(member(step.instanceId(), step.instanceClass(), false));
                case DELETE -> {
                    assertThat(result).filteredOn(m -> m.id().equals(step.instanceId())).allMatch(m -> !m.writer());
                    result.removeIf(m -> m.id().equals(step.instanceId()));
                }
                case FAILOVER -> result.replaceAll(m -> new Member(m.id(), m.instanceClass(),
                        m.id().equals(step.instanceId()), m.available(), m.created(), m.owned()));
            }
        }
        return result;
    }
}
