package dev.converge.model;

import java.util.List;

/**
 * A listener rule in canonical form, so that a rule of the spec and the same rule read back from AWS are
 * equal: conditions sorted, the target group by spec name (or its ARN when Converge does not manage it).
 */
public record ListenerRule(int priority, List<String> hostHeaders, List<String> pathPatterns, String forward)
        implements Comparable<ListenerRule> {

    public ListenerRule {
        hostHeaders = hostHeaders == null ? List.of() : hostHeaders.stream().sorted().toList();
        pathPatterns = pathPatterns == null ? List.of() : pathPatterns.stream().sorted().toList();
    }

    @Override
    public int compareTo(ListenerRule other) {
        int byPriority = Integer.compare(priority, other.priority);
        return byPriority != 0 ? byPriority : toString().compareTo(other.toString());
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder().append(priority).append(':');
        if (!hostHeaders.isEmpty()) {
            text.append(" host ").append(String.join(",", hostHeaders));
        }
        if (!pathPatterns.isEmpty()) {
            text.append(" path ").append(String.join(",", pathPatterns));
        }
        return text.append(" -> forward ").append(forward).toString();
    }
}
