package io.streamcast.training;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** The most recent examples, oldest first, up to a fixed capacity. */
final class ExampleRing {
    private final int capacity;
    private final ArrayDeque<Example> examples;

    ExampleRing(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be >= 0, got " + capacity);
        }
        this.capacity = capacity;
        this.examples = new ArrayDeque<>(Math.min(capacity, 4096));
    }

    /** Adds the newest example; returns the one that fell out (or {@code example} itself when the capacity is 0), else null. */
    Example add(Example example) {
        if (capacity == 0) {
            return example;
        }
        examples.addLast(example);
        return examples.size() > capacity ? examples.removeFirst() : null;
    }

    int size() {
        return examples.size();
    }

    int capacity() {
        return capacity;
    }

    boolean isFull() {
        return examples.size() >= capacity;
    }

    /** A copy, oldest first. */
    List<Example> toList() {
        return new ArrayList<>(examples);
    }

    /**
     * The earliest time after which the examples held have their known targets (for a complete
     * example its origin), or {@link Example#UNKNOWN_TIME} when none is known: an example whose
     * targets all lie at or before it shares no target with these.
     */
    long earliestTargetsAfter() {
        long earliest = Long.MAX_VALUE;
        for (Example e : examples) {
            if (e.targetsAfterMillis() != Example.UNKNOWN_TIME) {
                earliest = Math.min(earliest, e.targetsAfterMillis());
            }
        }
        return earliest == Long.MAX_VALUE ? Example.UNKNOWN_TIME : earliest;
    }

    void write(DataOutputStream out) throws IOException {
        out.writeInt(capacity);
        writeAll(examples, out);
    }

    /** Reads {@link #write} in the given {@link Layout} (older states are still read). */
    static ExampleRing read(DataInputStream in, Layout layout) throws IOException {
        ExampleRing ring = new ExampleRing(in.readInt());
        for (Example e : readAll(in, layout)) {
            ring.add(e);
        }
        return ring;
    }

    static void writeAll(Iterable<Example> examples, DataOutputStream out) throws IOException {
        List<Example> list = new ArrayList<>();
        examples.forEach(list::add);
        out.writeInt(list.size());
        for (Example e : list) {
            writeFloats(e.window(), out);
            writeFloats(e.targets(), out);
            out.writeLong(e.originMillis());
            out.writeLong(e.completedMillis());
            out.writeInt(e.knownFrom());
            out.writeInt(e.knownTo());
            out.writeLong(e.targetsAfterMillis());
        }
    }

    static List<Example> readAll(DataInputStream in, Layout layout) throws IOException {
        int n = in.readInt();
        List<Example> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            float[] window = readFloats(in);
            float[] targets = readFloats(in);
            list.add(
                    switch (layout) {
                        case PLAIN -> new Example(window, targets);
                        case TIMED -> new Example(window, targets, in.readLong(), in.readLong());
                        case STAGED -> {
                            long origin = in.readLong();
                            long completed = in.readLong();
                            int from = in.readInt();
                            int to = in.readInt();
                            yield new Example(window, targets, from, to, origin, in.readLong(), completed);
                        }
                    });
        }
        return list;
    }

    /** How examples were written, oldest first: what the formats of the states that hold them map to. */
    enum Layout {
        /** Window and targets only. */
        PLAIN,
        /** Plus origin and completion times. */
        TIMED,
        /** Plus the range of known targets and the time they lie after (the current layout). */
        STAGED
    }

    private static void writeFloats(float[] values, DataOutputStream out) throws IOException {
        out.writeInt(values.length);
        for (float v : values) {
            out.writeFloat(v);
        }
    }

    private static float[] readFloats(DataInputStream in) throws IOException {
        float[] values = new float[in.readInt()];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readFloat();
        }
        return values;
    }
}
