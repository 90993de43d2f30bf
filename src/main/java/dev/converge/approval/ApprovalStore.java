package dev.converge.approval;

import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Where approval records live where the deployment keeps its state: a file on one machine, a Kubernetes
 * object shared by every replica of a release. Changes are read-modify-write and atomic: two replicas,
 * or the controller and a {@code converge approve}, never lose each other's records.
 */
public interface ApprovalStore {

    /** Every record, by approval id. */
    Map<String, ApprovalRecord> read();

    /**
     * Replaces the records with what {@code change} makes of the current ones, atomically; the change may
     * run more than once when another writer came first, so it must be a pure function of its argument.
     *
     * @return the records as written
     */
    Map<String, ApprovalRecord> update(UnaryOperator<Map<String, ApprovalRecord>> change);

    /** Where the records are, for people: a path, a namespace and name. */
    String describe();
}
