package io.streamcast.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.emit.Forecast;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
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

    @TempDir
    Path stateDir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{ cell: gru, hidden: 4, layers: 1, decoder: autoregressive }  | gru",
                "{ cell: gru, hidden: 4, layers: 2, decoder: autoregressive }  | gru",
                "{ cell: gru, hidden: 4, layers: 1, decoder: seq2seq }         | gru",
                "{ cell: gru, hidden: 4, layers: 2, decoder: seq2seq }         | gru",
                "{ cell: lstm, hidden: 4, layers: 1, decoder: autoregressive } | lstm",
                "{ cell: [lstm, gru], hidden: 4, decoder: seq2seq }            | lstm-gru"
            })
    void aProvenNetworkOfEachDecoderForecastsEverySeriesAndNamesItsStack(String model, String name) {
        List<TestRecord<String, Forecast>> records = ProvenNetworkRun.forecasts("decoders", model, stateDir);

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
    }
}
