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
 * Mixed stacks, bidirectional layers and attention forecast through the whole topology (they serve
 * through DL4J's forward pass: the fused GRU loops know only the plain stack), and the forecast
 * names the stack that served.
 */
class ArchitectureTopologyTest {

    @TempDir
    Path stateDir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{ cell: [gru, lstm], hidden: 4 }                                          | gru-lstm",
                "{ cell: gru, hidden: 4, layers: 1, bidirectional: true }                  | gru",
                "{ cell: [lstm, gru], hidden: 4, bidirectional: true, attention: dot }     | lstm-gru",
                "{ cell: rnn, hidden: 4, layers: 1, bidirectional: true }                  | rnn",
                "{ cell: lstm, hidden: 4, layers: 1, attention: additive }                 | lstm"
            })
    void aProvenNetworkOfEachArchitectureForecastsEverySeriesAndNamesItsStack(String model, String name) {
        List<TestRecord<String, Forecast>> records = ProvenNetworkRun.forecasts("arch", model, stateDir);

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
        }
    }
}
