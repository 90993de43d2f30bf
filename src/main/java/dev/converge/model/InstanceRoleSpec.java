package dev.converge.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * An IAM role that EC2 instances assume (its trust policy names {@code ec2.amazonaws.com} and nothing
 * else), with the instance profile of the same name that launch templates hand to instances; or, with
 * {@code assumedBy: lambda}, the execution role of Lambda functions (trusting {@code lambda.amazonaws.com}
 * alone, and without an instance profile). Managed and inline policies are each enforced only when
 * declared, and then exactly: a policy attached by hand is drift.
 *
 * @param managedPolicies ARNs of AWS managed or customer managed policies
 * @param inlinePolicies policy documents by policy name, each a YAML mapping or a JSON string
 * @param assumedBy the service whose principals may assume the role: {@code ec2} (the default) or {@code lambda}
 */
public record InstanceRoleSpec(
        List<String> managedPolicies,
        Map<String, JsonNode> inlinePolicies,
        @SpecField(values = {Services.EC2, Services.LAMBDA}) String assumedBy,
        Map<String, String> tags,
        Management management)
        implements KindSpec {

    public static final String KIND = "InstanceRole";

    /** The spec's field names, as written in YAML; every use of a field name goes through these. */
    public static final String MANAGED_POLICIES = "managedPolicies";
    public static final String INLINE_POLICIES = "inlinePolicies";
    public static final String ASSUMED_BY = "assumedBy";

    /** The services a role can be assumed by. */
    public static final class Services {
        public static final String EC2 = "ec2";
        public static final String LAMBDA = "lambda";

        private Services() {}
    }

    /**
     * Every role wants its instance profile, holding it; not a field people write, but what a create
     * interrupted between the role and its profile leaves to finish.
     */
    public static final String INSTANCE_PROFILE = "instanceProfile";


    /**
     * An inline policy as compared: its name and its document in {@link PolicyDocument#text canonical}
     * text. Shown with a digest of the document, as bucket policies are: policies name accounts.
     */
    public record InlinePolicy(String name, String document) implements Comparable<InlinePolicy> {

        @Override
        public int compareTo(InlinePolicy other) {
            int byName = name.compareTo(other.name);
            return byName != 0 ? byName : document.compareTo(other.document);
        }

        @Override
        public String toString() {
            return name + " " + Sensitive.digest(document);
        }
    }

    /** A role that EC2 instances assume. */
    public InstanceRoleSpec(List<String> managedPolicies, Map<String, JsonNode> inlinePolicies, Map<String, String> tags,
            Management management) {
        this(managedPolicies, inlinePolicies, null, tags, management);
    }

    public InstanceRoleSpec {
        assumedBy = assumedBy == null ? Services.EC2 : assumedBy;
        managedPolicies = Specs.copy(managedPolicies);
        inlinePolicies = inlinePolicies == null ? null : Map.copyOf(inlinePolicies);
        tags = Specs.tags(tags);
        management = Specs.management(management);
    }

    /** Whether instances get the role, through its instance profile. */
    public boolean forInstances() {
        return Services.EC2.equals(assumedBy);
    }

    /** The trust policy of a role assumed by {@code service} ({@code ec2} or {@code lambda}): that service alone. */
    public static String trustPolicy(String service) {
        return PolicyDocument.text("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Principal\":{\"Service\":\"" + service + ".amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}");
    }

    @Override
    public List<Reference> references() {
        return List.of();
    }

    @Override
    public Map<String, Object> properties() {
        return new Fields()
                .put(MANAGED_POLICIES, managedPolicies == null ? null : new TreeSet<>(managedPolicies))
                .put(INLINE_POLICIES, inlinePolicies == null ? null : inline())
                .put(ASSUMED_BY, assumedBy)
                .put(INSTANCE_PROFILE, forInstances() ? true : null)
                .build();
    }

    private Set<InlinePolicy> inline() {
        Set<InlinePolicy> policies = new TreeSet<>();
        inlinePolicies.forEach((name, document) -> policies.add(new InlinePolicy(name, PolicyDocument.text(document))));
        return policies;
    }

    @Override
    public Set<String> replacementFields() {
        return Set.of();
    }
}
