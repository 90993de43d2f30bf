package dev.converge.aws;

/**
 * AWS accepted a step and carries it out by itself (a NAT gateway deleting): the step is not done, but
 * nothing failed. The driver says so instead of blocking the pass until AWS finishes; a later pass
 * continues from what it then observes.
 */
public final class Waiting extends RuntimeException {

    public Waiting(String reason) {
        super(reason, null, false, false);
    }
}
