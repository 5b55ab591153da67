package io.streamcast.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.series.RecentForecasts;
import io.streamcast.series.RecentForecastsSerde;
import io.streamcast.series.RememberedForecast;
import io.streamcast.series.SeriesState;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * Waiting origins live in memory; what a restarted task owes is read back from the series records
 * (queued origin) and the remembered forecasts (already emitted), or from the pending store an
 * older version wrote.
 */
class PendingOriginsTest {
    private static final int H = 3;

    private static <V> KeyValueStore<String, V> store(String name, Serde<V> values) {
        KeyValueStore<String, V> store = Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(name), Serdes.String(), values)
                .withLoggingDisabled()
                .build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        return store;
    }

    /** A series whose newest observation has index {@code count - 1}, queued as an origin at record time {@code recordTs}. */
    private static SeriesState queued(int count, long recordTs) {
        SeriesState state = new SeriesState(24, false);
        for (int i = 0; i < count; i++) {
            state.append(i * 1000L, i, 64, 24, H, io.streamcast.series.SmoothingParams.DEFAULT);
        }
        state.queueOrigin(recordTs);
        return state;
    }

    @Test
    void queuingWritesNoStoreAndARestartFindsExactlyTheOriginsNotYetForecast() {
        KeyValueStore<String, Long> legacy = store("pending", Serdes.Long());
        RememberedForecasts remembered = new RememberedForecasts(store("remembered", RecentForecastsSerde.serde()), H);
        PendingOrigins pending = new PendingOrigins(legacy);
        pending.add("a", 7L, queued(5, 7L), RecentForecasts.NONE);
        assertEquals(0, legacy.approximateNumEntries(), "queuing writes no store");

        // After a crash: "a" was forecast (remembered at origin 4), "b" was not, "c"'s newest observation was no
        // origin.
        remembered.remember("a", null, new RememberedForecast(4, "ets", new float[H], null, null), null);
        remembered.remember("b", null, new RememberedForecast(3, "ets", new float[H], null, null), null);
        PendingOrigins restarted = new PendingOrigins(legacy);
        restarted.recover("a", queued(5, 7L), remembered);
        restarted.recover("b", queued(5, 8L), remembered);
        restarted.recover("c", queued(5, SeriesState.NOT_QUEUED), remembered);
        List<PendingOrigins.Origin> owed = restarted.drain();
        assertEquals(
                List.of("b"), owed.stream().map(PendingOrigins.Origin::series).toList());
        assertEquals(8L, owed.get(0).recordTs());
        assertNull(owed.get(0).state(), "read from the series store when forecast");
        assertTrue(restarted.isEmpty());
    }

    @Test
    void originsAnOlderVersionLeftInThePendingStoreAreForecastOnceAndDeletedThere() {
        KeyValueStore<String, Long> legacy = store("pending", Serdes.Long());
        legacy.put("old", 5L);
        RememberedForecasts remembered = new RememberedForecasts(store("remembered", RecentForecastsSerde.serde()), H);
        PendingOrigins pending = new PendingOrigins(legacy);
        pending.recover("old", queued(5, SeriesState.NOT_QUEUED), remembered);
        assertEquals(
                List.of("old"),
                pending.drain().stream().map(PendingOrigins.Origin::series).toList());
        assertNull(legacy.get("old"));
    }
}
