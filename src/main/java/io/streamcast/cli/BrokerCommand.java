package io.streamcast.cli;

import io.streamcast.broker.EmbeddedKafkaBroker;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "broker",
        mixinStandardHelpOptions = true,
        description = "Run a single-node Kafka (KRaft) broker in-process, for local development and kcat users.")
final class BrokerCommand implements Callable<Integer> {
    @Option(
            names = "--port",
            paramLabel = "PORT",
            defaultValue = "9092",
            description = "Client port on 127.0.0.1 (default ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--dir",
            paramLabel = "DIR",
            defaultValue = "data-dir/broker",
            description = "Log directory; reused across restarts (default ${DEFAULT-VALUE}).")
    Path dir;

    @Override
    public Integer call() throws Exception {
        try (Shutdown shutdown = Shutdown.onSignal()) {
            this.shutdown = shutdown;
            String at;
            try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(port, dir)) {
                at = broker.bootstrapServers();
                System.out.println(
                        "Kafka broker ready at " + at + " (log dir " + dir.toAbsolutePath() + "); Ctrl-C stops it.");
                shutdown.await();
            }
            // After the broker has closed, so the line means its log is flushed and the next start reuses it.
            System.out.println("broker stopped: " + at + " closed, log dir " + dir.toAbsolutePath() + " kept");
        }
        return 0;
    }

    /** Set while the broker runs; {@link #stop} uses it. */
    private volatile Shutdown shutdown;

    /** Asks a running {@code broker} to stop as Ctrl-C would (tests). */
    void stop() {
        Shutdown s = shutdown;
        if (s != null) {
            s.request();
        }
    }
}
