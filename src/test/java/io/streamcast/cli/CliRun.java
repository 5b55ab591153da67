package io.streamcast.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** One `streamcast ...` invocation in-process, with what it printed through picocli and its exit status. */
record CliRun(int status, String out, String err) {
    static CliRun of(String... args) {
        CommandLine cli = StreamcastCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int status = cli.execute(args);
        return new CliRun(status, out.toString(), err.toString());
    }

    /**
     * As {@link #of}, with what the command printed to the process' own stdout and stderr too
     * (after picocli's): summaries and progress lines go there, not through picocli.
     */
    static CliRun ofProcess(String... args) {
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CliRun run;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            run = of(args);
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
        return new CliRun(
                run.status(),
                run.out() + out.toString(StandardCharsets.UTF_8),
                run.err() + err.toString(StandardCharsets.UTF_8));
    }
}
