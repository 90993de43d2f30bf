package dev.converge.model;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One AWS account and region that Converge keeps converged, with the policy that governs every pass
 * there.
 *
 * @param maxDeleteFraction the share of its managed resources one plan may delete, 0..1; null for the
 *     controller's {@code converge.guards.max-delete-fraction}
 * @param externalId sent as {@code ExternalId} when Converge assumes {@code roleArn}, for a trust policy
 *     that requires one; null for none
 * @param unmanaged whether passes report what lives in the environment's reach that no spec describes
 * @param approval the steps that wait for a person's approval; {@link ApprovalPolicy#NONE} when it sets none
 */
public record Environment(
        String name,
        String region,
        String accountId,
        String roleArn,
        Mode mode,
        boolean prune,
        Map<String, String> tags,
        Double maxDeleteFraction,
        String externalId,
        UnmanagedScope unmanaged,
        ApprovalPolicy approval) {

    /** An IAM role ARN; the group is the account the role lives in. */
    public static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::(\\d{12}):role/[\\w+=,.@/-]+");

    /** An environment under the controller's delete limit. */
    public Environment(String name, String region, String accountId, String roleArn, Mode mode, boolean prune,
            Map<String, String> tags) {
        this(name, region, accountId, roleArn, mode, prune, tags, null);
    }

    /** An environment whose role needs no external id. */
    public Environment(String name, String region, String accountId, String roleArn, Mode mode, boolean prune,
            Map<String, String> tags, Double maxDeleteFraction) {
        this(name, region, accountId, roleArn, mode, prune, tags, maxDeleteFraction, null);
    }

    /** An environment that does not report what is unmanaged, and where no step waits for approval. */
    public Environment(String name, String region, String accountId, String roleArn, Mode mode, boolean prune,
            Map<String, String> tags, Double maxDeleteFraction, String externalId) {
        this(name, region, accountId, roleArn, mode, prune, tags, maxDeleteFraction, externalId, UnmanagedScope.NONE,
                ApprovalPolicy.NONE);
    }

    public Environment {
        approval = approval == null ? ApprovalPolicy.NONE : approval;
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        mode = mode == null ? Mode.ENFORCE : mode;
        unmanaged = unmanaged == null ? UnmanagedScope.NONE : unmanaged;
    }

    /** The same environment with another approval policy. */
    public Environment withApproval(ApprovalPolicy policy) {
        return new Environment(name, region, accountId, roleArn, mode, prune, tags, maxDeleteFraction, externalId, unmanaged,
                policy);
    }

    /** The account {@code roleArn} lives in; empty without a role or when it is not a role ARN. */
    public Optional<String> roleAccountId() {
        if (roleArn == null) {
            return Optional.empty();
        }
        Matcher role = ROLE_ARN.matcher(roleArn);
        return role.matches() ? Optional.of(role.group(1)) : Optional.empty();
    }
}
