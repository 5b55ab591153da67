package io.streamcast.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

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
    @Mixin
    ServiceTopology target;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return OperatorCall.post(
                spec, target, "resume", "", "resume of promotion for " + target.topology + " accepted");
    }
}
