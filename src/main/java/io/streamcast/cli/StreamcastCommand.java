package io.streamcast.cli;

import io.streamcast.backtest.BacktestInputException;
import io.streamcast.config.ConfigException;
import io.streamcast.service.BrokerUnreachableException;
import io.streamcast.service.DeliveryCheck;
import io.streamcast.service.KafkaRefusals;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code streamcast <command>}: the entry point of the shaded jar. */
@Command(
        name = "streamcast",
        mixinStandardHelpOptions = true,
        version = "streamcast 0.1.0",
        description = "Streaming time-series forecasting on Kafka Streams with GRU/LSTM forecasters.",
        subcommands = {
            DemoCommand.class,
            BrokerCommand.class,
            RunCommand.class,
            BacktestCommand.class,
            TrainCommand.class,
            BenchCommand.class,
            ReplayCommand.class,
            RollbackCommand.class,
            ResumeCommand.class
        })
public final class StreamcastCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(),
                "missing command: demo, broker, run, backtest, train, bench, replay, rollback or resume");
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** Bad arguments and bad files: one clear line on stderr and exit status 2, never a stack trace. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new StreamcastCommand());
        // A wide terminal gets wide help; 80 columns (or no terminal) is what UsageHelpTest checks.
        cli.setUsageHelpAutoWidth(true);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof ConfigException
                    || e instanceof BacktestInputException
                    || e instanceof IllegalArgumentException
                    || e instanceof BrokerUnreachableException) {
                commandLine.getErr().println("streamcast " + commandLine.getCommandName() + ": " + e.getMessage());
                return 2;
            }
            if (e instanceof DeliveryCheck.UndeliveredRecordsException) {
                commandLine.getErr().println("streamcast " + commandLine.getCommandName() + ": " + e.getMessage());
                return 1;
            }
            Throwable refused = KafkaRefusals.find(e);
            if (refused != null) {
                // Wrong credentials or missing ACLs are the environment's to fix, like a bad config file.
                commandLine
                        .getErr()
                        .println("streamcast " + commandLine.getCommandName() + ": Kafka refused the connection: "
                                + refused.getMessage()
                                + " (check security.protocol, sasl.* and ssl.* under kafka: in the service config)");
                return 2;
            }
            throw e;
        });
        return cli;
    }
}
