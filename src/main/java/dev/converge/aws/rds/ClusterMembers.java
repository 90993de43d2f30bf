package dev.converge.aws.rds;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The instances of one Aurora cluster: what they add up to in the spec's terms ({@code instanceClass},
 * {@code readers}) and the next steps towards the declared ones. Pure, so that the rolling class change
 * can be followed step by step.
 *
 * <p>A class change never takes the writer down while it is the writer: a reader of the new class is
 * added, the cluster fails over to it, and then the old-class readers are replaced one per step. Until
 * the last old instance is gone the cluster reports its classes as mixed, which is drift, so every
 * following observation plans the next step. Instances are named {@code <cluster>-<n>} with the lowest
 * free {@code n}, so a step retried after a crash finds what it created.
 */
public final class ClusterMembers {

    private static final Comparator<Member> NEWEST_FIRST = Comparator
            .comparing((Member m) -> m.created() == null ? Instant.MAX : m.created())
            .thenComparing(Member::id)
            .reversed();

    private final String cluster;
    private final List<Member> members;

    public ClusterMembers(String cluster, List<Member> members) {
        this.cluster = cluster;
        this.members = List.copyOf(members);
    }

    public List<Member> members() {
        return members;
    }

    /**
     * The class of every instance; when they differ, a description of the mix that equals no class, so
     * that an unfinished class change stays visible as drift. Null for a cluster without instances.
     */
    public String instanceClass() {
        TreeMap<String, Long> counts = members.stream()
                .collect(Collectors.groupingBy(Member::instanceClass, TreeMap::new, Collectors.counting()));
        if (counts.size() <= 1) {
            return counts.isEmpty() ? null : counts.firstKey();
        }
        String writerClass = writer().map(Member::instanceClass).orElse(null);
        return counts.entrySet().stream()
                .map(e -> e.getKey() + " x" + e.getValue() + (e.getKey().equals(writerClass) ? " (writer)" : ""))
                .collect(Collectors.joining(", ", "mixed: ", ""));
    }

    public int readers() {
        return readerList().size();
    }

    /**
     * The next steps, in the order to run them.
     *
     * @param enforceClass whether instances of another class than {@code wantedClass} are replaced
     */
    public List<MemberStep> next(String wantedClass, int wantedReaders, boolean enforceClass) {
        if (members.isEmpty()) {
            return creates(wantedReaders + 1, wantedClass);
        }
        Optional<Member> writer = writer();
        if (writer.isEmpty()) {
            // AWS is promoting a reader; nothing is planned against a cluster without a writer.
            return List.of();
        }
        List<Member> readers = readerList();
        if (enforceClass && members.stream().anyMatch(m -> !m.instanceClass().equals(wantedClass))) {
            return changeClass(writer.get(), readers, wantedClass, wantedReaders);
        }
        if (readers.size() < wantedReaders) {
            return creates(wantedReaders - readers.size(), wantedClass);
        }
        return readers.stream()
                .sorted(NEWEST_FIRST)
                .limit(readers.size() - wantedReaders)
                .map(m -> MemberStep.delete(m.id()))
                .toList();
    }

    private List<MemberStep> changeClass(Member writer, List<Member> readers, String wantedClass, int wantedReaders) {
        if (!writer.instanceClass().equals(wantedClass)) {
            List<Member> successors = readers.stream()
                    .filter(m -> m.instanceClass().equals(wantedClass))
                    .sorted(Comparator.comparing(Member::id))
                    .toList();
            if (successors.isEmpty()) {
                return creates(1, wantedClass);
            }
            // A successor that is still being created is waited for.
            return successors.stream().filter(Member::available).findFirst()
                    .map(m -> List.of(MemberStep.failover(m.id())))
                    .orElse(List.of());
        }
        Member replaced = readers.stream()
                .filter(m -> !m.instanceClass().equals(wantedClass))
                .sorted(NEWEST_FIRST)
                .findFirst()
                .orElseThrow();
        List<MemberStep> steps = new ArrayList<>(creates(wantedReaders - (readers.size() - 1), wantedClass));
        steps.add(MemberStep.delete(replaced.id()));
        return steps;
    }

    private List<MemberStep> creates(int count, String instanceClass) {
        Set<String> taken = new HashSet<>();
        members.forEach(m -> taken.add(m.id()));
        List<MemberStep> steps = new ArrayList<>();
        for (int n = 1; steps.size() < count; n++) {
            String id = cluster + "-" + n;
            if (taken.add(id)) {
                steps.add(MemberStep.create(id, instanceClass));
            }
        }
        return steps;
    }

    private Optional<Member> writer() {
        return members.stream().filter(Member::writer).findFirst();
    }

    private List<Member> readerList() {
        return members.stream().filter(m -> !m.writer()).toList();
    }
}
