package io.streamcast.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.training.NetworkSpecs;
import org.junit.jupiter.api.Test;

/**
 * The bench prints the performance issue's state target: the series record of a series that keeps
 * its whole capacity of values, against those values' raw bytes. On the issue's shape (10,000
 * series, GRU 32, window 48, horizon 12, online: the adaptive base's two alternative smoothings)
 * it is within 2x; without online learning (no alternatives) well within.
 */
class FullRecordBytesTest {
    @Test
    void theIssuesShapeKeepsItsSeriesRecordWithinTwiceItsRawValues() {
        for (boolean online : new boolean[] {true, false}) {
            StreamingBench.Config c = BenchConfigs.issueShape(online);
            var spec = StreamingBench.spec(c, "t-");
            int capacity = NetworkSpecs.encoder(spec).stateCapacity();
            int record = StateFootprint.fullRecordBytes(spec, c, capacity);
            int raw = capacity * Double.BYTES;
            assertTrue(record <= 2 * raw, "online=" + online + ": " + record + " bytes against " + raw + " raw");
            assertTrue(record > raw, "the values themselves are in it: " + record);
        }
    }
}
