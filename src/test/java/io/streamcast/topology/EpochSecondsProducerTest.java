package io.streamcast.topology;

import static io.streamcast.topology.TopologyHarness.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.config.TopologySpec;
import io.streamcast.ingest.Rejection;
import io.streamcast.training.NetworkTaskModels;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A producer that counts epoch seconds where the contract says milliseconds ({@code date +%s},
 * Python's {@code time.time()}, many devices) puts a day of hourly readings within 86 seconds of
 * January 1970: every reading after the first falls on the first one's step. They are duplicates
 * as sent, and the dead letter says what the number would have been in seconds, so the producer's
 * unit is found from the first one read.
 */
class EpochSecondsProducerTest {
    @TempDir
    Path stateDir;

    @Test
    void readingsInEpochSecondsAreDeadLetteredWithWhatTheyWouldBeInSeconds() {
        TopologySpec spec = TopologyHarness.hourlySpec(4);
        try (TopologyHarness h = new TopologyHarness(spec, NetworkTaskModels.frozen(spec, null), stateDir)) {
            long first = 1_704_067_200L; // 2024-01-01T00:00:00Z in seconds
            for (int hour = 0; hour < 24; hour++) {
                h.in.pipeInput("pump", "{\"ts\":" + (first + 3600L * hour) + ",\"value\":" + hour + "}", 1000L + hour);
            }
            h.flushAndReadRecords();
            var dead = h.dlq.readRecordsToList();

            assertEquals(23, dead.size());
            assertTrue(dead.stream().allMatch(r -> "DUPLICATE_TS".equals(header(r, Rejection.ERROR_HEADER))));
            assertEquals(
                    "ts 1970-01-20T17:21:10.800Z falls on the step of 1970-01-20T17:21:07.200Z, which already has a"
                            + " value (a numeric ts is epoch milliseconds: 1704070800 is 1970-01-20T17:21:10.800Z; as"
                            + " seconds it would be 2024-01-01T01:00:00Z)",
                    header(dead.get(0), Rejection.DETAIL_HEADER));
        }
    }
}
