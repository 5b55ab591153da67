package io.streamcast.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.streamcast.series.SeriesState;
import io.streamcast.series.SeriesStateSerde;
import io.streamcast.series.SmoothingParams;
import org.junit.jupiter.api.Test;

/** A store's values as the task last wrote them: read back without a decode, never a value the store does not hold. */
class WrittenValuesTest {
    private static final SmoothingParams PARAMS = new SmoothingParams(0.2, 0.05, 0.3, 0.9, true);

    private static SeriesState state(int observations) {
        SeriesState s = new SeriesState(4, false);
        for (int i = 0; i < observations; i++) {
            s.append(i, 10 + i % 4, 32, 4, 3, PARAMS);
        }
        return s;
    }

    @Test
    void aWrittenValueIsReadBackWithoutTheStore() {
        CountingStore<SeriesState> counted = new CountingStore<>("series", SeriesStateSerde.serde());
        WrittenValues<SeriesState> values = new WrittenValues<>(counted.store, 8);
        SeriesState written = state(10);
        values.put("a", written);
        counted.reset();
        assertSame(written, values.get("a"));
        assertSame(written, values.get("a"), "get keeps it");
        assertSame(written, values.take("a"));
        assertEquals(0, counted.reads());

        SeriesState again = values.take("a");
        assertNotSame(written, again, "taken, it is no longer kept: the next read decodes the store's value");
        assertEquals(1, counted.reads());
        assertEquals(written.count(), again.count());
    }

    /** A value taken and changed but never written back (an observation refused half way) must not be read again. */
    @Test
    void aTakenValueChangedButNotWrittenIsNotReadAgain() {
        CountingStore<SeriesState> counted = new CountingStore<>("series", SeriesStateSerde.serde());
        WrittenValues<SeriesState> values = new WrittenValues<>(counted.store, 8);
        values.put("a", state(10));
        SeriesState taken = values.take("a");
        taken.append(10, 99, 32, 4, 3, PARAMS);
        assertEquals(10, values.take("a").count(), "the store's value, not the changed one");
    }

    @Test
    void theLeastRecentlyUsedGoFirstAndDeletesGoThrough() {
        CountingStore<SeriesState> counted = new CountingStore<>("series", SeriesStateSerde.serde());
        WrittenValues<SeriesState> values = new WrittenValues<>(counted.store, 2);
        SeriesState a = state(5);
        values.put("a", a);
        values.put("b", state(6));
        values.get("a"); // a used after b
        values.put("c", state(7)); // b goes
        counted.reset();
        assertSame(a, values.get("a"));
        assertEquals(7, values.get("c").count());
        assertEquals(0, counted.reads());
        assertEquals(6, values.get("b").count(), "from the store");
        assertEquals(1, counted.reads());

        values.delete("a");
        assertNull(values.get("a"));
        assertNull(counted.store.get("a"));
    }
}
