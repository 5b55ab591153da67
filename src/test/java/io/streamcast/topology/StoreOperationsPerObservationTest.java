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
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

/**
 * What bounds throughput is the per-record path, and store operations are most of it (each a
 * cache lookup or put, a serialization and, once per commit, a changelog record): the forecast
 * processor, fed many series, makes exactly four per observation and its forecast (the series
 * record's get and put, the remembered forecasts' get and put) and no other store is touched per
 * observation.
 */
class StoreOperationsPerObservationTest {
    private static final int SERIES = 20;

    @Test
    void fourStoreOperationsPerObservationAndItsForecast() {
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
        context.setCurrentSystemTimeMs(System.currentTimeMillis());
        stores.values().forEach(s -> context.addStateStore(s.store));
        ForecastProcessor processor = (ForecastProcessor) new ForecastProcessorSupplier(
                        spec,
                        new TopologyMetrics(spec.name, spec.model.cell),
                        NetworkTaskModels.frozen(spec, (VersionedModel) null),
                        OriginFilter.ALL,
                        false,
                        new LiveCommits(spec.batching.liveCommitMs))
                .get();
        processor.init(context);

        int rounds = 30;
        int counted = 0;
        int flushes = 0;
        for (int round = 0; round < rounds; round++) {
            if (round == 10) {
                // Past the first observations (no record to read yet): from here on the steady state.
                processor.flush();
                stores.values().forEach(CountingStore::reset);
                context.resetForwards();
            }
            for (int s = 0; s < SERIES; s++) {
                // A series' next observation forecasts what is waiting first: one flush per round.
                send(processor, "s" + s, round, 10 + s + Math.sin(round));
                counted += round >= 10 ? 1 : 0;
            }
            flushes += round >= 10 ? 1 : 0;
        }
        processor.flush();
        processor.close();

        assertEquals(
                counted,
                context.forwarded().stream()
                        .filter(f -> f.record().value() instanceof Outcome.Forecasted)
                        .count(),
                "one forecast per observation");
        assertEquals(counted, series.reads(), "series record: one get");
        assertEquals(counted, series.writes(), "series record: one put");
        assertEquals(counted, remembered.reads(), "remembered forecasts: one get");
        assertEquals(counted, remembered.writes(), "remembered forecasts (and the latest forecast): one put");
        assertEquals(0, pending.reads() + pending.writes(), "waiting origins are marked in the series record");
        assertTrue(
                model.reads() + model.writes() <= 2 * (flushes + 1),
                "the model store is written per flush (the gate's state), not per observation: "
                        + (model.reads() + model.writes()));
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
