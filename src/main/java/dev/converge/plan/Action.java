package dev.converge.plan;

import java.util.Locale;

/** What a plan step does. Only the executable ones are ever carried out, and only in enforce mode. */
public enum Action {
    CREATE(true, true),
    UPDATE(true, true),
    REPLACE(true, true),
    DELETE(true, true),
    /**
     * An existing AWS object without Converge's tags becomes the declared resource (its {@code management.adopt}):
     * its tags are written onto it, and the declared fields converge from there.
     */
    ADOPT(true, true),
    /** A field that AWS cannot change in place differs and the resource does not allow replacement. */
    REPLACEMENT_BLOCKED(false, true),
    /** A field differs whose declared value AWS cannot move the resource to (an engine downgrade): never sent. */
    UPDATE_BLOCKED(false, true),
    /** The resource left the spec but prune is off: it stays in AWS and is reported. */
    ORPHAN(false, false),
    /**
     * The resource left the spec and prune is on, but AWS would refuse to delete it (a load balancer's
     * deletion protection): it stays in AWS and is reported, until its protection is turned off.
     */
    PROTECTED(false, false),
    /**
     * Something without Converge's tags already holds the resource's identity (a bucket name), or several
     * AWS objects carry the same identity (twins): reported, never changed, deleted or referred to.
     */
    CONFLICT(false, true),
    /** A delete (or replacement) that the delete guard refused: the plan would remove too much at once. */
    DELETE_REFUSED(false, true),
    /**
     * A step the approval policy holds until a person approves exactly this change: reported with its
     * approval id, carried out by a later pass once approved. The held step is the change's {@link Change#approval()}.
     * Counted apart from drift: it is waiting for a person, not for Converge.
     */
    AWAITING_APPROVAL(false, false);

    private final boolean executable;
    private final boolean drift;

    Action(boolean executable, boolean drift) {
        this.executable = executable;
        this.drift = drift;
    }

    public boolean executable() {
        return executable;
    }

    /** Whether this step means the resource's live state differs from the spec. */
    public boolean drift() {
        return drift;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
