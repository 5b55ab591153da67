package io.streamcast.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.config.TopologySpec;
import io.streamcast.ingest.Observation;
import io.streamcast.ingest.ParseResult;
import io.streamcast.metrics.TopologyMetrics;
import io.streamcast.model.VersionedModel;
import io.streamcast.series.RecentForecastsSerde;
import io.streamcast.series.SeriesStateSerde;
import io.streamcast.training.NetworkTaskModels;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

/**
 * What bounds throughput is the per-record path, and store operations are most of it (each a
 * cache lookup or put, a serialization and, once per commit, a changelog record): the forecast
 * processor, fed many series, writes each observation's series record and its forecast's
 * remembered forecasts once, and reads them back from what it wrote, not from the store: two store
 * operations per observation and its forecast, and no other store is touched per observation.
 * Without decoded values kept it is four (the two gets as well), with the same outputs.
 */
class StoreOperationsPerObservationTest {
    private static final int SERIES = 20;

    /** Store operations counted over the steady state, and everything forwarded then. */
    private record Run(
            CountingStore<?> series,
            CountingStore<?> pending,
            CountingStore<?> remembered,
            CountingStore<?> model,
            int counted,
            int flushes,
            List<String> forwarded) {}

    @Test
    void twoStoreOperationsPerObservationAndItsForecast() {
        Run run = run(WrittenValues.CAPACITY);
        assertEquals(0, run.series().reads(), "series record: read back from what was written");
        assertEquals(run.counted(), run.series().writes(), "series record: one put");
        assertEquals(0, run.remembered().reads(), "remembered forecasts: read back from what was written");
        assertEquals(
                run.counted(), run.remembered().writes(), "remembered forecasts (and the latest forecast): one put");
        assertEquals(
                0, run.pending().reads() + run.pending().writes(), "waiting origins are marked in the series record");
        assertTrue(
                run.model().reads() + run.model().writes() <= 2 * (run.flushes() + 1),
                "the model store is written per flush (the gate's state), not per observation: "
                        + (run.model().reads() + run.model().writes()));
    }

    /**
     * Reading every value back from the store (as a task does for series it no longer keeps) is one
     * get more per store, and changes nothing the processor forwards: what it keeps is what the
     * store holds, not a value changed after its write.
     */
    @Test
    void readingEveryValueFromTheStoreForwardsTheSame() {
        Run decoding = run(0);
        assertEquals(decoding.counted(), decoding.series().reads(), "series record: one get");
        assertEquals(decoding.counted(), decoding.series().writes(), "series record: one put");
        assertEquals(decoding.counted(), decoding.remembered().reads(), "remembered forecasts: one get");
        assertEquals(decoding.counted(), decoding.remembered().writes(), "remembered forecasts: one put");
        assertEquals(run(WrittenValues.CAPACITY).forwarded(), decoding.forwarded());
    }

    private static Run run(int keptDecoded) {
        TopologySpec spec = TopologyHarness.hourlySpec(8);
        CountingStore<?> series = new CountingStore<>(StoreNames.SERIES, SeriesStateSerde.serde());
        CountingStore<?> pending = new CountingStore<>(StoreNames.PENDING, Serdes.Long());
        CountingStore<?> remembered = new CountingStore<>(StoreNames.REMEMBERED, RecentForecastsSerde.serde());
        CountingStore<?> model = new CountingStore<>(StoreNames.MODEL, Serdes.ByteArray());
        Map<String, CountingStore<?>> stores = Map.of(
                StoreNames.SERIES, series,
                StoreNames.PENDING, pending,
                StoreNames.REMEMBERED, remembered,
                StoreNames.MODEL, model);
        MockProcessorContext<String, Outcome> context = new MockProcessorContext<>();
        // A fixed clock: the two runs compared must see the same times.
        context.setCurrentSystemTimeMs(TopologyHarness.T0.toEpochMilli());
        stores.values().forEach(s -> context.addStateStore(s.store));
        ForecastProcessor processor = (ForecastProcessor) new ForecastProcessorSupplier(
                        spec,
                        new TopologyMetrics(spec.name, spec.model.cell),
                        NetworkTaskModels.frozen(spec, (VersionedModel) null),
                        OriginFilter.ALL,
                        false,
                        new LiveCommits(spec.batching.liveCommitMs))
                .keepingDecoded(keptDecoded)
                .get();
        processor.init(context);

        int rounds = 30;
        int counted = 0;
        int flushes = 0;
        List<String> forwarded = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            if (round == 10) {
                // Past the first observations (no record to read yet): from here on the steady state.
                processor.flush();
                stores.values().forEach(CountingStore::reset);
                context.resetForwards();
            }
            for (int s = 0; s < SERIES; s++) {
                // A series' next observation forecasts what is waiting first: one flush per round.
                // Every other round a spike: anomalies are judged against what was remembered.
                double spike = round % 2 == 1 && s % 3 == 0 ? 5 : 0;
                send(processor, "s" + s, round, 10 + s + Math.sin(round) + spike);
                counted += round >= 10 ? 1 : 0;
            }
            flushes += round >= 10 ? 1 : 0;
        }
        processor.flush();
        processor.close();

        context.forwarded()
                .forEach(f -> forwarded.add(f.record().key() + " " + f.record().value()));
        assertEquals(
                counted,
                context.forwarded().stream()
                        .filter(f -> f.record().value() instanceof Outcome.Forecasted)
                        .count(),
                "one forecast per observation");
        return new Run(series, pending, remembered, model, counted, flushes, forwarded);
    }

    private static void send(
            Processor<String, ParseResult.Accepted, String, Outcome> processor, String series, int i, double value) {
        byte[] key = series.getBytes(StandardCharsets.UTF_8);
        byte[] raw = ("{\"value\":" + value + "}").getBytes(StandardCharsets.UTF_8);
        Observation obs = new Observation(series, TopologyHarness.T0.plus(Duration.ofHours(i)), value);
        processor.process(new Record<>(
                series, new ParseResult.Accepted(obs, key, raw), TopologyHarness.T0.toEpochMilli() + i * 3_600_000L));
    }
}
