package dev.converge.cli;

import dev.converge.approval.ApprovalLedger;
import dev.converge.approval.ApprovalRecord;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Approves one step a pass holds, by the approval id its plan shows: the next pass carries it out if it
 * still plans exactly that change. Writes only the approvals store; never reaches AWS.
 */
@Command(name = "approve", description = {
        "Approve a step held for approval, by the id the plan shows; the next pass carries it out if the change is unchanged.",
        "Exit 0 when approved, 1 when no step awaits that id."})
public class ApproveCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "ID", description = "the approval id of the held step")
    String id;

    @Option(names = "--by", required = true, paramLabel = "NAME", description = "who approves it; recorded and audited")
    String by;

    @Spec
    CommandSpec spec;

    private final ApprovalLedger ledger;

    public ApproveCommand(ApprovalLedger ledger) {
        this.ledger = ledger;
    }

    @Override
    public Integer call() {
        try {
            ApprovalRecord approved = ledger.approve(id, by);
            PrintWriter out = spec.commandLine().getOut();
            out.printf("approved %s: %s %s in environment %s, by %s, until %s%n", approved.id(), approved.step(),
                    approved.resource(), approved.environment(), approved.approvedBy(), approved.expiresAt());
            out.flush();
            return ExitCodes.OK;
        } catch (ApprovalLedger.UnknownApproval | IllegalArgumentException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return ExitCodes.ERROR;
        }
    }
}
