package dev.converge.page;

import io.quarkus.qute.TemplateData;
import java.util.List;

/**
 * What the status page shows, prepared for the template: text and numbers only, each section one small
 * list that the template renders, or says "none" of when it is empty.
 *
 * @param specErrors why the newest spec revision was refused; empty when it is the one in force
 */
@TemplateData
public record PageView(String generated, String specRevision, String specSource, List<String> specErrors,
        List<EnvironmentView> environments) {

    /**
     * One environment.
     *
     * @param owner the replica that converges it, as the page says it ("this replica", a pod name, "no replica")
     * @param drift null until a pass has observed the environment
     * @param unmanaged null when the environment does not ask for the unmanaged report, or no pass made it yet
     */
    @TemplateData
    public record EnvironmentView(
            String name, String region, String mode, String accountId, boolean prune, String owner,
            String revision, PassRow lastPass, List<PassRow> passes, List<DriftRow> drift,
            List<ApprovalRow> approvals, List<AcknowledgementRow> acknowledgements, UnmanagedView unmanaged,
            List<Chart> charts) {

        /** For element ids: environment names are DNS labels already. */
        public String anchor() {
            return "env-" + name;
        }
    }

    /** One pass, newest first in lists. */
    @TemplateData
    public record PassRow(String started, String duration, String result, String error, String revision,
            int driftDetected, String driftRemaining, long changes) {}

    /** A drifted resource with the fields that differ; the note says why it is left or, when known, who changed it. */
    @TemplateData
    public record DriftRow(String resource, String action, List<FieldRow> fields, String note) {}

    /**
     * One field that differs.
     *
     * @param partial only the elements or keys that differ are listed (sets and maps)
     */
    @TemplateData
    public record FieldRow(String field, List<String> inAws, List<String> inSpec, boolean partial) {}

    /** A step held until someone approves it. */
    @TemplateData
    public record ApprovalRow(String id, String resource, String change, String expires) {}

    /** Drift acknowledged until a date. */
    @TemplateData
    public record AcknowledgementRow(String resource, String fields, String reason, String until) {}

    /** @param failed kinds whose report could not be read, each with why */
    @TemplateData
    public record UnmanagedView(List<UnmanagedRow> objects, List<String> failed) {}

    @TemplateData
    public record UnmanagedRow(String kind, String id, String name, String vpc) {}
}
