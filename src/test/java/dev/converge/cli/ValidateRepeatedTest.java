package dev.converge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code converge validate} on the example specs, a hundred times in one JVM through the command line
 * parser, as a CI runner that reuses its process would: always valid, never a stack trace or an ERROR
 * line (CliIT launches the whole application once for its logging).
 */
class ValidateRepeatedTest {

    @Test
    void validate_onTheExampleSpecs_aHundredTimes_alwaysPasses_andNeverPrintsAStackTraceOrAnError() {
        for (int run = 0; run < 100; run++) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            // Paths are given, so the configured default path, the one thing SpecInput's configuration holds, is never read.
            CommandLine validate = new CommandLine(new ValidateCommand(new SpecInput(null)))
                    .setOut(new PrintWriter(out))
                    .setErr(new PrintWriter(err));

            int exit = validate.execute("specs/prod.yaml", "specs/nonprod.yaml");

            assertThat(exit).as("run %d: %s", run, err).isEqualTo(ExitCodes.OK);
            assertThat(out.toString()).contains("valid: 2 environment(s)");
            assertThat(out + err.toString()).as("run %d", run).doesNotContain("Exception", "\tat ", "ERROR", "warning");
        }
    }
}
