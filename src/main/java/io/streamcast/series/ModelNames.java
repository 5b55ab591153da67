package io.streamcast.series;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The model names remembered forecasts were decoded with, shared by every thread: a record names
 * one of a handful of models ({@code ets}, the topology's cell stack), so each name's string is
 * made once and found again by its bytes.
 *
 * <p>Why not the one name decoded last on each thread, as before: the records of one task start
 * with different models (a series whose newest forecast the base served, one whose the network
 * did), so that cache missed on about two records in five of the performance issue's live phase
 * and made a string each time; and its {@code ThreadLocal} lookup alone was 0.6% of the stream
 * thread's samples in a JFR profile of that phase. Here a lookup is a volatile read and a few
 * byte comparisons.
 */
final class ModelNames {
    /** The table the record decoders share. */
    static final ModelNames SHARED = new ModelNames(32);

    private record Name(byte[] bytes, String name) {}

    /** Names kept at most; a record naming others still decodes them, each into a new string. */
    private final int capacity;

    /** Copied on write, never changed in place: a reader sees a complete table. */
    private volatile Name[] known = new Name[0];

    ModelNames(int capacity) {
        this.capacity = capacity;
    }

    /** The name whose UTF-8 bytes are the next {@code length} at the buffer's position, which moves past them. */
    String read(ByteBuffer in, int length) {
        byte[] array = in.array();
        int from = in.arrayOffset() + in.position();
        in.position(in.position() + length);
        for (Name n : known) {
            if (n.bytes().length == length && Arrays.equals(array, from, from + length, n.bytes(), 0, length)) {
                return n.name();
            }
        }
        byte[] bytes = Arrays.copyOfRange(array, from, from + length);
        return remember(new Name(bytes, new String(bytes, StandardCharsets.UTF_8)))
                .name();
    }

    /** Adds {@code n} unless the table is full or another thread added the same name meanwhile. */
    private synchronized Name remember(Name n) {
        Name[] table = known;
        for (Name k : table) {
            if (Arrays.equals(k.bytes(), n.bytes())) {
                return k;
            }
        }
        if (table.length < capacity) {
            Name[] grown = Arrays.copyOf(table, table.length + 1);
            grown[table.length] = n;
            known = grown;
        }
        return n;
    }

    /** How many names are kept (tests). */
    int size() {
        return known.length;
    }
}
