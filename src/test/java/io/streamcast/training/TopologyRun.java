package io.streamcast.training;

import io.streamcast.config.TopologySpec;
import io.streamcast.emit.Forecast;
import io.streamcast.emit.ForecastSerde;
import io.streamcast.metrics.TopologyMetrics;
import io.streamcast.topology.ForecastTopology;
import io.streamcast.topology.OriginFilter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A topology under TopologyTestDriver whose task model the test can reach: the factory hands the
 * created {@link NetworkTaskModel} back, as the stream task would hold it.
 */
final class TopologyRun implements AutoCloseable {
    static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    final TopologyTestDriver driver;
    final TestInputTopic<String, String> in;
    final TestOutputTopic<String, Forecast> out;
    final List<Forecast> forecasts = new ArrayList<>();
    NetworkTaskModel model;

    TopologyRun(TopologySpec spec, TaskModelFactory models, TopologyMetrics metrics, Path stateDir) {
        TaskModelFactory capturing = (task, store, publisher) -> {
            TaskModel created = models.create(task, store, publisher);
            model = (NetworkTaskModel) created;
            return created;
        };
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, spec.name);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:9092");
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(ForecastTopology.build(spec, metrics, capturing, OriginFilter.ALL), p);
        in = driver.createInputTopic(spec.input, new StringSerializer(), new StringSerializer());
        out = driver.createOutputTopic(
                spec.output, new StringDeserializer(), ForecastSerde.serde().deserializer());
    }

    void send(String series, int hour, double value) {
        in.pipeInput(
                series, "{\"ts\":\"" + T0.plus(Duration.ofHours(hour)) + "\",\"value\":" + value + "}", 1000L + hour);
    }

    /** Forecasts waiting for a batch go out; returns everything emitted since the last call. */
    List<Forecast> flush() {
        driver.advanceWallClockTime(Duration.ofMillis(1000));
        List<Forecast> emitted = out.readValuesToList();
        forecasts.addAll(emitted);
        return emitted;
    }

    @Override
    public void close() {
        driver.close();
    }

    /** Every entry of a store, e.g. to carry a task's state into a restarted one. */
    static <V> Map<String, V> copy(KeyValueStore<String, V> store) {
        Map<String, V> copy = new HashMap<>();
        try (KeyValueIterator<String, V> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, V> kv = it.next();
                copy.put(kv.key, kv.value);
            }
        }
        return copy;
    }

    /** Fixed windows (12 windows of 8 steps) to compare serving outputs on. */
    static float[] probeInputs() {
        Random random = new Random(9);
        float[] x = new float[12 * io.streamcast.model.WindowEncoder.FEATURES * 8];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return x;
    }
}
