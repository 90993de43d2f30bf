package dev.converge.model;

import java.util.List;

/**
 * Which steps of a plan wait for a person's approval before a pass carries them out ({@code approval} of
 * an environment, or of a resource in its {@code management}, which then replaces the environment's).
 * In-place updates need none unless named.
 *
 * @param required the steps that need approval, by their plan action: {@link #STEPS}
 */
public record ApprovalPolicy(List<String> required) {

    /** The plan actions approval can be required for. */
    public static final List<String> STEPS = List.of("create", "update", "replace", "delete", "adopt");

    /** Nothing needs approval: an environment that sets no {@code approval}. */
    public static final ApprovalPolicy NONE = new ApprovalPolicy(List.of());

    public ApprovalPolicy {
        required = required == null ? List.of() : List.copyOf(required);
    }

    public boolean requires(String step) {
        return required.contains(step);
    }
}
