package io.streamcast.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AcceptedSerdeTest {
    private static final ParseResult.Accepted OBSERVATION = new ParseResult.Accepted(
            new Observation("s1", Instant.parse("2024-01-01T05:00:00.5Z"), 1.5),
            "s1".getBytes(StandardCharsets.UTF_8),
            "{\"value\":1.5}".getBytes(StandardCharsets.UTF_8));

    @Test
    void theInputPositionTravelsWithTheObservation() {
        ParseResult.Accepted read = OBSERVATION.readAt(3, 12345678901L);
        ParseResult.Accepted back = AcceptedSerde.fromBytes(AcceptedSerde.toBytes(read));
        assertEquals(read.observation(), back.observation());
        assertArrayEquals(read.rawKey(), back.rawKey());
        assertArrayEquals(read.rawValue(), back.rawValue());
        assertTrue(back.inputPositionKnown());
        assertEquals(3, back.inputPartition());
        assertEquals(12345678901L, back.inputOffset());
    }

    /** A repartition record written before the position travelled in the value: it carries a source header instead. */
    @Test
    void aRecordWithoutPositionReadsWithThePositionUnknown() {
        byte[] bytes = AcceptedSerde.toBytes(OBSERVATION);
        byte[] older = Arrays.copyOf(bytes, bytes.length - Integer.BYTES - Long.BYTES);
        ParseResult.Accepted back = AcceptedSerde.fromBytes(older);
        assertEquals(OBSERVATION.observation(), back.observation());
        assertArrayEquals(OBSERVATION.rawValue(), back.rawValue());
        assertFalse(back.inputPositionKnown());
    }

    @Test
    void anObservationsFeaturesTravelWithItAndOneWithoutHasNoFeatureBytes() {
        Instant ts = Instant.parse("2024-01-01T05:00:00Z");
        byte[] key = "s1".getBytes(StandardCharsets.UTF_8);
        byte[] value = "{}".getBytes(StandardCharsets.UTF_8);
        ParseResult.Accepted withFeatures = new ParseResult.Accepted(
                        new Observation("s1", ts, 1.5, Map.of("price", 2.5, "promo", 1.0)), key, value)
                .readAt(3, 9);
        ParseResult.Accepted without =
                new ParseResult.Accepted(new Observation("s1", ts, 1.5), key, value).readAt(3, 9);

        ParseResult.Accepted back = AcceptedSerde.fromBytes(AcceptedSerde.toBytes(withFeatures));
        assertEquals(withFeatures.observation(), back.observation());
        assertEquals(9, back.inputOffset());
        assertEquals(
                AcceptedSerde.toBytes(without).length + Integer.BYTES + 2 * (Integer.BYTES + 5 + Double.BYTES),
                AcceptedSerde.toBytes(withFeatures).length,
                "a count, then each name and value; nothing for an observation without features");
        assertEquals(
                Map.of(),
                AcceptedSerde.fromBytes(AcceptedSerde.toBytes(without))
                        .observation()
                        .features());
    }
}
