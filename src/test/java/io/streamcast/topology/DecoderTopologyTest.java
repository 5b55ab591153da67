package io.streamcast.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The autoregressive and seq2seq decoders forecast every series through the whole topology (through
 * DL4J's forward pass, H values per window fed back step by step), and the forecast names the stack
 * that served.
 */
class DecoderTopologyTest {
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    @TempDir
    Path stateDir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{ cell: gru, hidden: 4, layers: 1, decoder: autoregressive }  | gru",
                "{ cell: gru, hidden: 4, layers: 2, decoder: autoregressive }  | gru",
                "{ cell: gru, hidden: 4, layers: 1, decoder: seq2seq }         | gru",
                "{ cell: gru, hidden: 4, layers: 2, decoder: seq2seq }         | gru"
            })
    void aProvenNetworkOfEachDecoderForecastsEverySeriesAndNamesItsStack(String model, String name) {
        TopologySpec spec = YamlConfig.parseTopology("""
                name: decoders
                step: PT1H
                period: 4
                window: 8
                horizon: 3
                training: { online: false }
                batching: { maxBatch: 16, maxDelayMs: 50 }
                model: %s
                """.formatted(model), List.of());
        VersionedModel seed = VersionedModel.of(3, NetworkFactory.build(NetworkSpecs.of(spec)), false);
        TopologyMetrics metrics = new TopologyMetrics(spec.name, spec.model.cell);
        NetworkTaskModels models = NetworkTaskModels.frozen(spec, seed).correctionProven(true);
        try (TopologyTestDriver driver =
                new TopologyTestDriver(ForecastTopology.build(spec, metrics, models, OriginFilter.ALL), props())) {
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
            List<TestRecord<String, Forecast>> records = out.readRecordsToList();

            assertEquals(39, records.size());
            Map<String, List<Forecast>> bySeries =
                    records.stream().map(TestRecord::value).collect(Collectors.groupingBy(Forecast::series));
            assertEquals(3, bySeries.size());
            for (List<Forecast> forecasts : bySeries.values()) {
                Forecast last = forecasts.get(forecasts.size() - 1);
                assertEquals(name, last.model(), "the network served, named by its stack");
                assertEquals(3, last.version());
                assertEquals(3, last.points().size());
                last.points().forEach(p -> assertTrue(Double.isFinite(p.value()), last.toString()));
                assertTrue(
                        last.points().stream()
                                        .mapToDouble(p -> p.value())
                                        .distinct()
                                        .count()
                                > 1,
                        "one value per step, not one repeated: " + last);
            }
        } finally {
            metrics.close();
        }
    }

    private Properties props() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "decoders");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:9092");
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return p;
    }
}
