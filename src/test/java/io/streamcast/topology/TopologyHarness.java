package io.streamcast.topology;

import io.streamcast.config.TopologySpec;
import io.streamcast.config.YamlConfig;
import io.streamcast.emit.Anomaly;
import io.streamcast.emit.AnomalySerde;
import io.streamcast.emit.Forecast;
import io.streamcast.emit.ForecastSerde;
import io.streamcast.metrics.TopologyMetrics;
import io.streamcast.training.TaskModelFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * One forecasting topology in a {@link TopologyTestDriver}, with its input and its forecast,
 * dead-letter and anomaly outputs: the setup the topology tests share. Observations are hourly from
 * {@link #T0}; a test extends it with what it reads besides.
 */
class TopologyHarness implements AutoCloseable {
    static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    final TopologyTestDriver driver;
    final TestInputTopic<String, String> in;
    final TestOutputTopic<String, Forecast> out;
    final TestOutputTopic<byte[], byte[]> dlq;
    final TestOutputTopic<String, Anomaly> anomalies;
    final TopologyMetrics metrics;

    TopologyHarness(TopologySpec spec, TaskModelFactory models, Path stateDir) {
        this(spec, models, props("test", stateDir));
    }

    /** With its own test-driver settings, e.g. one application id and state directory per topology. */
    TopologyHarness(TopologySpec spec, TaskModelFactory models, Properties props) {
        metrics = new TopologyMetrics(spec.name, spec.model.cell);
        driver = new TopologyTestDriver(ForecastTopology.build(spec, metrics, models, OriginFilter.ALL), props);
        in = driver.createInputTopic(spec.input, new StringSerializer(), new StringSerializer());
        out = driver.createOutputTopic(
                spec.output, new StringDeserializer(), ForecastSerde.serde().deserializer());
        dlq = driver.createOutputTopic(spec.deadLetter, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        anomalies = driver.createOutputTopic(
                spec.anomalies, new StringDeserializer(), AnomalySerde.serde().deserializer());
    }

    /**
     * Topology {@code test}: hourly, a season of 4, horizon 3, a small frozen LSTM (no online
     * training), batches flushed within 50 ms; then {@code overrides} ({@code field=value}).
     */
    static TopologySpec hourlySpec(int window, String... overrides) {
        String yaml = """
                name: test
                step: PT1H
                period: 4
                window: %d
                horizon: 3
                model: { cell: lstm, hidden: 4, layers: 1 }
                training: { online: false }
                batching: { maxBatch: 16, maxDelayMs: 50 }
                """.formatted(window);
        return YamlConfig.parseTopology(yaml, List.of(overrides));
    }

    /** Test-driver settings: no broker is contacted, state lives in {@code stateDir}. */
    static Properties props(String applicationId, Path stateDir) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:9092");
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return p;
    }

    /** The observation {@code value} of {@code series} at {@code ts}, in a record stamped {@code recordTs}. */
    void sendAt(String series, Instant ts, double value, long recordTs) {
        in.pipeInput(series, "{\"ts\":\"" + ts + "\",\"value\":" + value + "}", recordTs);
    }

    /** Lets the wall-clock punctuation flush the pending batch, then reads the forecasts emitted. */
    List<TestRecord<String, Forecast>> flushAndReadRecords() {
        driver.advanceWallClockTime(Duration.ofMillis(100));
        return out.readRecordsToList();
    }

    /** The last value of header {@code name} as text; empty when absent. */
    static String header(TestRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        driver.close();
    }
}
