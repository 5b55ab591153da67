package io.streamcast.topology;

import io.streamcast.config.TopologySpec;
import io.streamcast.config.YamlConfig;
import io.streamcast.emit.Forecast;
import io.streamcast.emit.ForecastSerde;
import io.streamcast.metrics.TopologyMetrics;
import io.streamcast.model.NetworkFactory;
import io.streamcast.model.VersionedModel;
import io.streamcast.training.NetworkSpecs;
import io.streamcast.training.NetworkTaskModels;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * A frozen network of a given {@code model:} design, proven (so it serves rather than the base),
 * version 3, fed 13 hours of three series a, b, c through the whole topology: what the architecture
 * and decoder tests read the forecasts of.
 */
final class ProvenNetworkRun {
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    private ProvenNetworkRun() {}

    /** Every forecast emitted, in order. {@code model} is the YAML flow map of the topology's model. */
    static List<TestRecord<String, Forecast>> forecasts(String name, String model, Path stateDir) {
        TopologySpec spec = YamlConfig.parseTopology("""
                name: %s
                step: PT1H
                period: 4
                window: 8
                horizon: 3
                training: { online: false }
                batching: { maxBatch: 16, maxDelayMs: 50 }
                model: %s
                """.formatted(name, model), List.of());
        VersionedModel seed = VersionedModel.of(3, NetworkFactory.build(NetworkSpecs.of(spec)), false);
        TopologyMetrics metrics = new TopologyMetrics(spec.name, spec.model.cell);
        NetworkTaskModels models = NetworkTaskModels.frozen(spec, seed).correctionProven(true);
        try (TopologyTestDriver driver = new TopologyTestDriver(
                ForecastTopology.build(spec, metrics, models, OriginFilter.ALL),
                TopologyHarness.props(name, stateDir))) {
            TestInputTopic<String, String> in =
                    driver.createInputTopic(spec.input, new StringSerializer(), new StringSerializer());
            TestOutputTopic<String, Forecast> out = driver.createOutputTopic(
                    spec.output, new StringDeserializer(), ForecastSerde.serde().deserializer());
            for (int i = 0; i < 13; i++) {
                for (String s : List.of("a", "b", "c")) {
                    in.pipeInput(
                            s,
                            "{\"ts\":\"" + T0.plus(Duration.ofHours(i)) + "\",\"value\":"
                                    + (Math.sin(i / 2.0) * 10 + s.charAt(0)) + "}",
                            1000L + i);
                }
            }
            driver.advanceWallClockTime(Duration.ofMillis(100));
            return out.readRecordsToList();
        } finally {
            metrics.close();
        }
    }
}
