package dev.converge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.converge.approval.ApprovalLedger;
import dev.converge.approval.FileApprovalStore;
import dev.converge.model.ResourceKey;
import dev.converge.plan.Action;
import dev.converge.plan.Approval;
import dev.converge.plan.Change;
import dev.converge.plan.FieldChange;
import dev.converge.testing.LogCapture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code converge approve ID --by NAME} over the file store a local run keeps: it approves the step a pass
 * holds, records who approved it and until when, writes one audit line, and refuses an id no pass holds.
 */
class ApproveCommandTest {

    private static final String ID = "3f2a9c01b7de";
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path state;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void approvingAHeldStep_recordsWhoApprovedItAndUntilWhen_andWritesAnAuditLine() {
        ApprovalLedger ledger = ledger();
        ledger.held("prod", List.of(heldDelete()));

        try (LogCapture log = LogCapture.start()) {
            assertThat(approve(ledger, ID, "--by", "alice")).isEqualTo(ExitCodes.OK);

            assertThat(out.toString()).contains("approved " + ID + ": delete SecurityGroup/legacy in environment prod, by alice, until 2026-12-02T10:00:00Z");
            assertThat(log.text()).contains("\"approval\":\"" + ID + "\"", "\"outcome\":\"approved\"", "\"by\":\"alice\"");
        }
        // a new ledger over the same file: what a restarted controller reads
        assertThat(ledger().records().get(ID)).satisfies(record -> {
            assertThat(record.approvedBy()).isEqualTo("alice");
            assertThat(record.expiresAt()).isEqualTo("2026-12-02T10:00:00Z");
        });
    }

    @Test
    void anIdNoPassHolds_isRefused_andNothingIsRecorded() {
        ApprovalLedger ledger = ledger();
        ledger.held("prod", List.of(heldDelete()));

        assertThat(approve(ledger, "000000000000", "--by", "alice")).isEqualTo(ExitCodes.ERROR);

        assertThat(err.toString()).contains("000000000000").contains(ID);
        assertThat(ledger.records().get(ID).approvedBy()).isNull();
    }

    @Test
    void anApprovalNamesWhoGivesIt() {
        ApprovalLedger ledger = ledger();
        ledger.held("prod", List.of(heldDelete()));

        assertThat(approve(ledger, ID)).isNotEqualTo(ExitCodes.OK);

        assertThat(err.toString()).contains("--by");
        assertThat(ledger.records().get(ID).approvedBy()).isNull();
    }

    private ApprovalLedger ledger() {
        return new ApprovalLedger(new FileApprovalStore(state.resolve("approvals.json")), Duration.ofHours(24),
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private int approve(ApprovalLedger ledger, String... args) {
        CommandLine command = new CommandLine(new ApproveCommand(ledger));
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        return command.execute(args);
    }

    private static Change heldDelete() {
        return new Change(ResourceKey.of("SecurityGroup", "legacy"), Action.AWAITING_APPROVAL,
                List.of(new FieldChange("description", "legacy hosts", null)), null, null, null, Approval.awaiting(ID, Action.DELETE));
    }
}
