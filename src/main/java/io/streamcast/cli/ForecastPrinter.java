package io.streamcast.cli;

import io.streamcast.config.TopologySpec;
import io.streamcast.emit.Anomaly;
import io.streamcast.emit.AnomalySerde;
import io.streamcast.emit.Forecast;
import io.streamcast.emit.ForecastPoint;
import io.streamcast.emit.ForecastSerde;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Prints the demo's forecasts and anomalies as they are committed, one line each. */
final class ForecastPrinter implements Runnable {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final String bootstrap;
    private final List<String> outputs;
    private final Set<String> anomalies;
    private final BooleanSupplier running;

    ForecastPrinter(String bootstrap, List<TopologySpec> specs, BooleanSupplier running) {
        this.bootstrap = bootstrap;
        this.outputs = new ArrayList<>(
                new LinkedHashSet<>(specs.stream().map(s -> s.output).toList()));
        this.anomalies =
                new LinkedHashSet<>(specs.stream().map(s -> s.anomalies).toList());
        this.running = running;
    }

    /** Starts printing on a daemon thread. */
    Thread start() {
        Thread printer = new Thread(this, "demo-printer");
        printer.setDaemon(true);
        printer.start();
        return printer;
    }

    @Override
    public void run() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "streamcast-demo-printer");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // Only committed forecasts: what a downstream service would see.
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<String> topics = new ArrayList<>(outputs);
        topics.addAll(anomalies);
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(topics);
            while (running.getAsBoolean()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (anomalies.contains(r.topic())) {
                        printAnomaly(AnomalySerde.fromBytes(r.value()));
                    } else {
                        printForecast(ForecastSerde.fromBytes(r.value()));
                    }
                }
            }
        }
    }

    private static void printAnomaly(Anomaly a) {
        System.out.printf(
                "%s  %-22s ANOMALY  %-8s ts %s  actual %7.2f outside [%7.2f, %7.2f] of h%d (%s v%d)  score %.2f%n",
                LocalTime.now().format(CLOCK),
                a.topology(),
                a.series(),
                a.ts(),
                a.actual(),
                a.lower(),
                a.upper(),
                a.h(),
                a.model(),
                a.version() == null ? 0 : a.version(),
                a.score());
    }

    private static void printForecast(Forecast f) {
        ForecastPoint first = f.points().get(0);
        ForecastPoint last = f.points().get(f.points().size() - 1);
        System.out.printf(
                "%s  %-22s %-5s v%-3d %-8s origin %s  h1 %7.2f [%7.2f, %7.2f]  h%d %7.2f%n",
                LocalTime.now().format(CLOCK),
                f.topology(),
                f.model(),
                f.version(),
                f.series(),
                f.origin(),
                first.value(),
                first.lower(),
                first.upper(),
                last.h(),
                last.value());
    }
}
