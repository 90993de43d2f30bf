package dev.converge.engine;

import dev.converge.plan.Approval;
import dev.converge.plan.Change;
import java.util.List;
import java.util.Map;

/**
 * Where approvals live between passes, replicas and restarts. The engine records the steps it holds, reads
 * the approvals in force once per pass and reports the approved steps it carried out, which uses their
 * approval up; how they are stored (a file, a Kubernetes object) is the implementation's business.
 */
public interface Approvals {

    /** Nothing is ever approved and nothing is recorded: governed steps wait for good. */
    Approvals NONE = new Approvals() {
        @Override
        public Map<String, Approval> inForce() {
            return Map.of();
        }

        @Override
        public void held(String environment, List<Change> held) {}

        @Override
        public void used(String environment, Change change) {}
    };

    /** The approvals given and not expired nor used, by approval id. */
    Map<String, Approval> inForce();

    /** The steps a pass over the environment holds for approval now, so that people can approve them by id. */
    void held(String environment, List<Change> held);

    /** An approved step was carried out: its approval is used up. */
    void used(String environment, Change change);
}
