package io.streamcast.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
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
}
