package io.streamcast.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code streamcast rollback --topology NAME --version N}: asks a running service (its REST API,
 * {@code POST /models/{topology}/rollback}) to serve an earlier model version again and pin it: online
 * learning goes on but promotes nothing over it until {@code streamcast resume}. Exit 0 once the
 * service has accepted the command, 2 (one line) for bad arguments, an unknown topology or a version
 * some task does not keep (the line names the versions kept), 1 when the service cannot be reached
 * or cannot take the command now.
 */
// No mixinStandardHelpOptions: its -V/--version would clash with --version N.
@Command(
        name = "rollback",
        description = {
            "Ask a running service to serve an earlier model version of a topology again and pin it: "
                    + "online learning goes on, but nothing is promoted over it until `streamcast resume`.",
            "Every task applies it within a second; see GET /models. A version some task does not keep is "
                    + "refused (exit 2) with the versions that are kept."
        })
final class RollbackCommand implements Callable<Integer> {
    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help message and exit.")
    boolean help;

    @Mixin
    ServiceTopology target;

    @Option(
            names = "--version",
            paramLabel = "N",
            required = true,
            description =
                    "Model version to serve again (see GET /models; 0 is the untrained start of a task without a checkpoint).")
    long version;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (version < 0) {
            throw new IllegalArgumentException("--version must be a non-negative integer, not " + version);
        }
        return OperatorCall.post(
                spec,
                target,
                "rollback",
                "?version=" + version,
                "rollback of " + target.topology + " to version " + version
                        + " accepted, pinned until `streamcast resume --topology " + target.topology + "`");
    }
}
