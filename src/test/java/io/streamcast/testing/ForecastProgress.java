package io.streamcast.testing;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamcast.bench.SyntheticSeries;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Counts the distinct (series, origin) pairs of committed forecasts as they arrive, so a test can
 * act on progress (kill a process after N forecasts) instead of elapsed time: the assertions then
 * hold however slow the machine is.
 */
public final class ForecastProgress implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Duration stallTimeout;
    private final Set<String> seen = new HashSet<>();

    /** @param stallTimeout how long {@link #awaitAtLeast} waits without any new forecast before it fails */
    public ForecastProgress(String bootstrap, String forecastsTopic, Duration stallTimeout) {
        this.consumer = CommittedRecords.fromBeginning(bootstrap, forecastsTopic);
        this.stallTimeout = stallTimeout;
    }

    public int distinct() {
        return seen.size();
    }

    /**
     * Polls until {@code target} distinct forecasts are committed; fails, with the tail of their
     * logs, if one of {@code watched} exits or nothing new arrives within the stall timeout.
     */
    public void awaitAtLeast(int target, List<ServiceProcess> watched) {
        long deadline = System.nanoTime() + stallTimeout.toNanos();
        int last = seen.size();
        while (seen.size() < target) {
            for (ServiceProcess p : watched) {
                if (!p.isAlive()) {
                    fail(p + " exited with status " + p.exitValue() + " at " + seen.size() + " forecasts:\n"
                            + p.tail());
                }
            }
            if (System.nanoTime() > deadline) {
                fail("no progress to " + target + " forecasts within " + stallTimeout + " (at " + seen.size() + "):\n"
                        + String.join(
                                "\n",
                                watched.stream().map(p -> p + ":\n" + p.tail()).toList()));
            }
            consumer.poll(Duration.ofMillis(100)).forEach(this::count);
            if (seen.size() > last) {
                // Stalls are what the timeout is for, not slowness: every bit of progress extends it.
                deadline = System.nanoTime() + stallTimeout.toNanos();
                last = seen.size();
            }
        }
    }

    /**
     * Polls until every series of {@code data} has a committed forecast for each of its steps
     * {@code 0..steps-1}: the partitions of every series were served. Same failures as {@link #awaitAtLeast}.
     */
    public void awaitSteps(SyntheticSeries data, int steps, List<ServiceProcess> watched) {
        List<String> owed = new ArrayList<>();
        for (int k = 0; k < data.count(); k++) {
            for (int t = 0; t < steps; t++) {
                owed.add(key(data.key(k), SyntheticSeries.ts(t).toString()));
            }
        }
        int from = 0;
        while (from < owed.size()) {
            // Counting the owed ones already seen turns the wait into awaitAtLeast's progress loop.
            while (from < owed.size() && seen.contains(owed.get(from))) {
                from++;
            }
            if (from < owed.size()) {
                awaitAtLeast(seen.size() + 1, watched);
            }
        }
    }

    private static String key(String series, String origin) {
        // Normalized, so that "...T01:00Z" in a forecast and "...T01:00:00Z" of an Instant are one origin.
        return series + "@" + Instant.parse(origin);
    }

    private void count(ConsumerRecord<byte[], byte[]> r) {
        try {
            JsonNode f = JSON.readTree(r.value());
            seen.add(key(f.get("series").asText(), f.get("origin").asText()));
        } catch (IOException e) {
            throw new AssertionError("not a forecast: " + new String(r.value(), StandardCharsets.UTF_8), e);
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
