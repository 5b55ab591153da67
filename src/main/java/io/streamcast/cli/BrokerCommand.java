package io.streamcast.cli;

import io.streamcast.broker.EmbeddedKafkaBroker;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "broker", mixinStandardHelpOptions = true,
        description = "Run a single-node Kafka (KRaft) broker in-process, for local development and kcat users.")
final class BrokerCommand implements Callable<Integer> {
    @Option(names = "--port", paramLabel = "PORT", defaultValue = "9092", description = "Client port on 127.0.0.1 (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "data-dir/broker", description = "Log directory; reused across restarts (default ${DEFAULT-VALUE}).")
    Path dir;

    @Override
    public Integer call() throws Exception {
        CountDownLatch stop = new CountDownLatch(1);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(port, dir)) {
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
            System.out.println("Kafka broker ready at " + broker.bootstrapServers() + " (log dir " + dir.toAbsolutePath() + "); Ctrl-C stops it.");
            stop.await();
        }
        return 0;
    }
}
