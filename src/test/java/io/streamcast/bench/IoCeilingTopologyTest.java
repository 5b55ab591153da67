package io.streamcast.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.emit.Forecast;
import io.streamcast.emit.ForecastSerde;
import io.streamcast.topology.StoreNames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * The second ceiling does the service's I/O and nothing else: per record it rewrites a value of each
 * configured size and emits one forecast message the service's consumers could read.
 */
class IoCeilingTopologyTest {
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void everyRecordRewritesEachStoreValueAndBecomesAForecastOfTheHorizon() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "io-ceiling-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        try (TopologyTestDriver driver = new TopologyTestDriver(
                IoCeilingTopology.build("in", "out", List.of(700, 650), 12, Duration.ofHours(1)), props)) {
            TestInputTopic<byte[], byte[]> in =
                    driver.createInputTopic("in", new ByteArraySerializer(), new ByteArraySerializer());
            TestOutputTopic<byte[], byte[]> out =
                    driver.createOutputTopic("out", new ByteArrayDeserializer(), new ByteArrayDeserializer());
            Instant t0 = Instant.parse("2026-12-03T00:00:00Z");
            in.pipeInput(utf8("s1"), utf8("{\"series\":\"s1\",\"value\":1}"), t0);
            KeyValueStore<Bytes, byte[]> first = driver.getKeyValueStore(IoCeilingTopology.STORE_PREFIX + 0);
            KeyValueStore<Bytes, byte[]> second = driver.getKeyValueStore(IoCeilingTopology.STORE_PREFIX + 1);
            byte[] before = first.get(Bytes.wrap(utf8("s1"))).clone();
            in.pipeInput(utf8("s1"), utf8("{\"series\":\"s1\",\"value\":2}"), t0.plusSeconds(3600));
            in.pipeInput(utf8("s2"), utf8("{\"series\":\"s2\",\"value\":3}"), t0);

            byte[] after = first.get(Bytes.wrap(utf8("s1")));
            assertEquals(700, after.length, "a value of the configured size");
            assertTrue(!java.util.Arrays.equals(before, after), "rewritten by the next record of its key");
            assertEquals(650, second.get(Bytes.wrap(utf8("s2"))).length);

            List<org.apache.kafka.streams.test.TestRecord<byte[], byte[]>> records = out.readRecordsToList();
            assertEquals(3, records.size(), "one message per record");
            Forecast f = ForecastSerde.fromBytes(records.get(1).value());
            assertEquals("s1", f.series());
            assertEquals(t0.plusSeconds(3600), f.origin());
            assertEquals(12, f.points().size());
            assertEquals(t0.plusSeconds(3600 * 13), f.points().get(11).ts());
            assertNotNull(f.points().get(0).lower());
            assertTrue(f.points().get(0).lower() < f.points().get(0).value());
        }
    }

    @Test
    void theValueSizesAreThoseTheServicesOwnChangelogsCarriedPerRecord() {
        Map<String, Object> state = Map.of(
                "written",
                Map.of(
                        "topics",
                        Map.of(
                                StoreNames.SERIES + "-changelog",
                                Map.of("bytesPerRecord", 705.4),
                                StoreNames.REMEMBERED + "-changelog",
                                Map.of("bytesPerRecord", 669.6),
                                "model-changelog",
                                Map.of("bytesPerRecord", 7902.0),
                                "by-series-repartition",
                                Map.of("bytesPerRecord", 37.0))));
        assertEquals(List.of(705, 670), StreamingBench.ioCeilingValueBytes(state));
        assertEquals(List.of(), StreamingBench.ioCeilingValueBytes(Map.of()), "nothing measured, no stores");
    }
}
