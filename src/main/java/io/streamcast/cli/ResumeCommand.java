package io.streamcast.cli;

import java.net.URI;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code streamcast resume --topology NAME}: lifts the pin of a rollback ({@code POST /models/{topology}/resume}),
 * so online learning may promote again. Exit codes as {@link RollbackCommand}.
 */
@Command(
        name = "resume",
        mixinStandardHelpOptions = true,
        description = "Ask a running service to resume promotion after a rollback: online learning may again promote "
                + "a candidate over the pinned version (see GET /models).")
final class ResumeCommand implements Callable<Integer> {
    @Option(names = "--topology", paramLabel = "NAME", required = true, description = "Name of the topology.")
    String topology;

    @Option(
            names = "--url",
            paramLabel = "URL",
            defaultValue = "http://127.0.0.1:9464",
            description = "The service's REST API (default ${DEFAULT-VALUE}).")
    URI url;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return OperatorCall.post(
                spec, url, topology, "resume", "", "resume of promotion for " + topology + " accepted");
    }
}
