package dev.converge.cli;

/** What the commands' exit codes mean; CI pipelines branch on them. */
final class ExitCodes {

    static final int OK = 0;
    /** An invalid spec, a failed pass, or AWS could not be read. */
    static final int ERROR = 1;
    /** {@code plan} found something to do or to report. */
    static final int CHANGES = 2;
    /** The command line itself is wrong (sysexits.h EX_USAGE). */
    static final int USAGE = 64;

    private ExitCodes() {}
}
