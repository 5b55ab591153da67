package io.streamcast.metrics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The binder names the dashboard relies on ({@link MetricNames#BINDERS}) really appear in the scrape. */
class MetricsRegistriesTest {

    private static Set<String> sampleNames(String scrape) {
        return scrape.lines()
                .filter(line -> !line.startsWith("#") && !line.isBlank())
                .map(line -> line.split("[{ ]", 2)[0])
                .collect(Collectors.toSet());
    }

    @Test
    void prometheusRegistryPublishesTheJvmAndProcessMetersWithTheAppTag() {
        PrometheusMeterRegistry registry = MetricsRegistries.prometheus();
        String scrape = registry.scrape();
        Set<String> names = sampleNames(scrape);
        for (String name : MetricNames.BINDERS) {
            // GC pauses appear with the first collection after binding; Kafka's with a client.
            if (name.startsWith("jvm_gc_pause") || name.startsWith("kafka_")) {
                continue;
            }
            assertTrue(names.contains(name), name + " missing from the scrape");
        }
        assertTrue(Pattern.compile("(?m)^jvm_memory_used_bytes\\{.*app=\"streamcast\".*area=\"heap\"")
                .matcher(scrape)
                .find());
    }

    @Test
    @SuppressWarnings("try") // the binding is never read: it only keeps the meters registered for the scrape
    void kafkaStreamsMetricsUseTheNamesTheDashboardQueries(@TempDir Path stateDir) throws Exception {
        PrometheusMeterRegistry registry = MetricsRegistries.prometheus();
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("observations").to("forecasts");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "streamcast-hourly-temps");
        // Never started: the clients and their metrics exist from construction.
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        props.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);

        String scrape;
        try (KafkaStreams streams = new KafkaStreams(builder.build(), props)) {
            try (AutoCloseable binding = MetricsRegistries.bindKafkaStreams(streams, registry)) {
                scrape = registry.scrape();
            }
        }
        Set<String> names = sampleNames(scrape);
        for (String name : MetricNames.BINDERS) {
            if (name.startsWith("kafka_")) {
                assertTrue(names.contains(name), name + " missing from the scrape");
            }
        }
        // Everything else Kafka's clients report (per node, store, task, connection) is filtered out.
        Set<String> kept =
                KafkaMeterFilters.KEPT.stream().map(n -> n.replace('.', '_')).collect(Collectors.toSet());
        Set<String> unexpected = names.stream()
                .filter(n -> n.startsWith("kafka_"))
                .filter(n -> !kept.contains(n) && !kept.contains(n.replaceFirst("_total$", "")))
                .collect(Collectors.toCollection(TreeSet::new));
        assertTrue(unexpected.isEmpty(), "Kafka meters not in KafkaMeterFilters.KEPT: " + unexpected);
        // The dashboard selects a topology's consumers by client_id, which starts with the application id.
        assertTrue(
                Pattern.compile("(?m)^kafka_consumer_fetch_manager_records_lag_max\\{.*"
                                + "client_id=\"streamcast-hourly-temps-[^\"]*-StreamThread-1-consumer\"")
                        .matcher(scrape)
                        .find(),
                scrape);
        assertTrue(
                sampleNames(registry.scrape()).stream().noneMatch(n -> n.startsWith("kafka_stream_thread")),
                "closing the binding removes its meters");
    }
}
