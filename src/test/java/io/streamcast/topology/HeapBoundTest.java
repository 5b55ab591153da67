package io.streamcast.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.config.TopologySpec;
import io.streamcast.config.YamlConfig;
import io.streamcast.emit.ForecastSerde;
import io.streamcast.metrics.TopologyMetrics;
import io.streamcast.training.NetworkTaskModels;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 100,000 series through one task: their state lives in the persistent stores, not on the heap,
 * so the heap after 100,000 series is about what it was after 10,000. The window alone (48
 * values) is 384 bytes a series as doubles: had the task kept series on the heap, the 90,000 extra
 * series would add at least 35 MB, more than twice the bound asserted here.
 */
class HeapBoundTest {
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    private static final int OBSERVATIONS_PER_SERIES = 2;
    private static final long HEAP_GROWTH_BOUND = 16L * 1024 * 1024;
    private static final TopologySpec SPEC = YamlConfig.parseTopology("""
            name: heap
            input: heap-observations
            output: heap-forecasts
            deadLetter: heap-dlq
            step: PT1H
            period: 24
            window: 48
            horizon: 12
            model: { cell: gru, hidden: 8, layers: 1 }
            training: { online: false }
            """, List.of());

    @TempDir
    Path stateDir;

    @Test
    void theHeapStaysFlatFromTenThousandToOneHundredThousandSeries() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "heap");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        TopologyMetrics metrics = new TopologyMetrics(SPEC.name, SPEC.model.cell);
        try (TopologyTestDriver driver = new TopologyTestDriver(
                ForecastTopology.build(SPEC, metrics, NetworkTaskModels.frozen(SPEC, null), OriginFilter.ALL), props)) {
            TestInputTopic<String, String> in =
                    driver.createInputTopic(SPEC.input, new StringSerializer(), new StringSerializer());
            TestOutputTopic<String, ?> out = driver.createOutputTopic(
                    SPEC.output, new StringDeserializer(), ForecastSerde.serde().deserializer());

            long forecasts = feed(driver, in, out, 0, 10_000);
            long after10k = usedHeapAfterGc();
            forecasts += feed(driver, in, out, 10_000, 100_000);
            long after100k = usedHeapAfterGc();

            assertEquals(100_000L * OBSERVATIONS_PER_SERIES, forecasts, "one forecast per observation");
            long growth = after100k - after10k;
            System.out.printf(
                    "heap after 10,000 series %.1f MB, after 100,000 %.1f MB (growth %.1f MB, %d B a series)%n",
                    after10k / 1e6, after100k / 1e6, growth / 1e6, growth / 90_000);
            assertTrue(growth < HEAP_GROWTH_BOUND, "heap grew by " + growth / 1_000_000 + " MB for 90,000 more series");
        }
    }

    /** Series {@code from} until {@code to}, {@value #OBSERVATIONS_PER_SERIES} hours each; returns the forecasts read. */
    private static long feed(
            TopologyTestDriver driver,
            TestInputTopic<String, String> in,
            TestOutputTopic<String, ?> out,
            int from,
            int to) {
        long read = 0;
        for (int hour = 0; hour < OBSERVATIONS_PER_SERIES; hour++) {
            String ts = T0.plus(Duration.ofHours(hour)).toString();
            for (int s = from; s < to; s++) {
                in.pipeInput("series-" + s, "{\"ts\":\"" + ts + "\",\"value\":" + (s % 97 + hour) + "}", 1000L + hour);
                if (s % 1000 == 999) {
                    read += drain(driver, out);
                }
            }
        }
        return read + drain(driver, out);
    }

    /**
     * Flushes pending forecasts and reads them; discards whatever else the task produced. The test
     * driver keeps every record produced to any topic until it is read, changelogs included (a
     * series record per observation): left unread, those alone grew the heap by 12 KB a series.
     */
    private static long drain(TopologyTestDriver driver, TestOutputTopic<String, ?> out) {
        driver.advanceWallClockTime(Duration.ofMillis(100));
        long forecasts = out.getQueueSize();
        out.readRecordsToList();
        for (String topic : driver.producedTopicNames()) {
            if (!topic.equals(SPEC.output)) {
                driver.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer())
                        .readRecordsToList();
            }
        }
        return forecasts;
    }

    private static long usedHeapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        // Several collections: the first may leave objects that finalization or soft references free later.
        for (int i = 0; i < 5; i++) {
            System.gc();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
