package dev.converge.page;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.model.ResourceKey;
import dev.converge.page.PageView.AcknowledgementRow;
import dev.converge.page.PageView.ApprovalRow;
import dev.converge.plan.AcknowledgedDrift;
import dev.converge.plan.Action;
import dev.converge.plan.Approval;
import dev.converge.plan.Change;
import dev.converge.plan.FieldChange;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the page's approval and acknowledgement sections show of a pass's remaining plan. */
class PageViewsTest {

    private static final ResourceKey GROUP = ResourceKey.of("SecurityGroup", "legacy");

    @Test
    void aHeldStep_showsItsApprovalId_theStep_andWhatItWouldChange() {
        Change held = new Change(GROUP, Action.AWAITING_APPROVAL, List.of(new FieldChange("description", "old", "new")), null, null,
                null, Approval.awaiting("3f2a9c01b7de", Action.DELETE));
        Change drift = new Change(ResourceKey.of("Bucket", "logs"), Action.UPDATE, List.of(new FieldChange("versioning", "Suspended", "Enabled")),
                null, null, null);

        assertThat(PageViews.approvals(List.of(held, drift))).containsExactly(
                new ApprovalRow("3f2a9c01b7de", "SecurityGroup/legacy", "delete; description: old → new", "not approved yet"));
    }

    @Test
    void anApprovedStep_showsWhenItsApprovalExpires() {
        Change held = new Change(GROUP, Action.AWAITING_APPROVAL, List.of(), null, null, null,
                new Approval("3f2a9c01b7de", Action.DELETE, "alice", Instant.parse("2026-12-02T10:00:00Z")));

        assertThat(PageViews.approvals(List.of(held))).singleElement()
                .satisfies(row -> assertThat(row.expires()).isEqualTo(Times.stamp(Instant.parse("2026-12-02T10:00:00Z"))));
    }

    @Test
    void acknowledgedDrift_showsItsFields_reason_andLastDay() {
        AcknowledgedDrift acknowledged = new AcknowledgedDrift(GROUP,
                List.of(new FieldChange("ingress", List.of(), List.of("tcp/22 from 10.0.0.0/8")), new FieldChange("description", "a", "b")),
                "migration window", "2026-12-24");

        assertThat(PageViews.acknowledgements(List.of(acknowledged))).containsExactly(
                new AcknowledgementRow("SecurityGroup/legacy", "ingress, description", "migration window", "2026-12-24"));
    }
}
