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

    /** The oldest origin among the examples held, or {@link Example#UNKNOWN_TIME} when none is known. */
    long earliestOrigin() {
        long earliest = Long.MAX_VALUE;
        for (Example e : examples) {
            if (e.originMillis() != Example.UNKNOWN_TIME) {
                earliest = Math.min(earliest, e.originMillis());
            }
        }
        return earliest == Long.MAX_VALUE ? Example.UNKNOWN_TIME : earliest;
    }

    void write(DataOutputStream out) throws IOException {
        out.writeInt(capacity);
        writeAll(examples, out);
    }

    /** Reads {@link #write}; {@code withTimes} is false for states written before examples carried timestamps. */
    static ExampleRing read(DataInputStream in, boolean withTimes) throws IOException {
        ExampleRing ring = new ExampleRing(in.readInt());
        for (Example e : readAll(in, withTimes)) {
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
        }
    }

    static List<Example> readAll(DataInputStream in, boolean withTimes) throws IOException {
        int n = in.readInt();
        List<Example> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            float[] window = readFloats(in);
            float[] targets = readFloats(in);
            list.add(
                    withTimes
                            ? new Example(window, targets, in.readLong(), in.readLong())
                            : new Example(window, targets));
        }
        return list;
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
