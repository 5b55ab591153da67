package io.streamcast.training;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * A task's bounded memory of training examples: a ring of the most recent ones, so the model
 * follows the present, plus a uniform reservoir over everything ever seen (Algorithm R), so it
 * does not forget the seasons of months ago. Serializable, so a restart resumes with the same
 * memory.
 *
 * <p>The reservoir's random choices are derived from {@code seed} and the count of examples seen,
 * not from a stateful generator: the same stream always gives the same buffer, also across a
 * restart from {@link #toBytes()}.
 */
public final class ReplayBuffer {
    private static final int FORMAT = 3;
    /** The format before examples carried their known-target range; still read. */
    private static final int FORMAT_WITHOUT_STAGES = 2;
    /** The format before examples carried their timestamps; still read. */
    private static final int FORMAT_WITHOUT_TIMES = 1;

    private final ExampleRing recent;
    private final int reservoirCapacity;
    private final List<Example> reservoir;
    private final long seed;
    private long seen;

    public ReplayBuffer(int recentCapacity, int reservoirCapacity, long seed) {
        if (recentCapacity < 1 || reservoirCapacity < 0) {
            throw new IllegalArgumentException("recent capacity must be >= 1 and reservoir capacity >= 0, got "
                    + recentCapacity + " and " + reservoirCapacity);
        }
        this.recent = new ExampleRing(recentCapacity);
        this.reservoirCapacity = reservoirCapacity;
        this.reservoir = new ArrayList<>(Math.min(reservoirCapacity, 4096));
        this.seed = seed;
    }

    public void add(float[] window, float[] targets) {
        add(new Example(window, targets));
    }

    public void add(Example example) {
        seen++;
        recent.add(example);
        if (reservoirCapacity == 0) {
            return;
        }
        if (reservoir.size() < reservoirCapacity) {
            reservoir.add(example);
            return;
        }
        // Algorithm R: the n-th example replaces a random slot with probability capacity / n.
        long j = new SplittableRandom(seed ^ (seen * 0x9E3779B97F4A7C15L)).nextLong(seen);
        if (j < reservoirCapacity) {
            reservoir.set((int) j, example);
        }
    }

    /** Examples added since creation (including those the buffer no longer holds). */
    public long seen() {
        return seen;
    }

    /** Distinct examples held (an example can be in both the ring and the reservoir). */
    public int size() {
        return recent.size() + reservoir.size();
    }

    public List<Example> recent() {
        return recent.toList();
    }

    public List<Example> reservoir() {
        return Collections.unmodifiableList(reservoir);
    }

    /**
     * Up to {@code n} examples, half from the recent ring and half from the reservoir (the other
     * part fills in when one is short), each part drawn without replacement.
     */
    public List<Example> sample(int n, Random random) {
        List<Example> fromRecent = recent.toList();
        List<Example> fromReservoir = new ArrayList<>(reservoir);
        int wantReservoir = Math.min(fromReservoir.size(), n / 2);
        int wantRecent = Math.min(fromRecent.size(), n - wantReservoir);
        wantReservoir = Math.min(fromReservoir.size(), n - wantRecent);
        List<Example> sample = new ArrayList<>(wantRecent + wantReservoir);
        sample.addAll(draw(fromRecent, wantRecent, random));
        sample.addAll(draw(fromReservoir, wantReservoir, random));
        return sample;
    }

    private static List<Example> draw(List<Example> from, int k, Random random) {
        // Partial Fisher-Yates: the first k slots become a uniform sample without replacement.
        for (int i = 0; i < k; i++) {
            int j = i + random.nextInt(from.size() - i);
            Collections.swap(from, i, j);
        }
        return from.subList(0, k);
    }

    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static ReplayBuffer fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read replay buffer", e);
        }
    }

    void write(DataOutputStream out) throws IOException {
        out.writeInt(FORMAT);
        out.writeLong(seed);
        out.writeLong(seen);
        out.writeInt(reservoirCapacity);
        recent.write(out);
        ExampleRing.writeAll(reservoir, out);
    }

    static ReplayBuffer read(DataInputStream in) throws IOException {
        int format = in.readInt();
        ExampleRing.Layout layout = switch (format) {
            case FORMAT -> ExampleRing.Layout.STAGED;
            case FORMAT_WITHOUT_STAGES -> ExampleRing.Layout.TIMED;
            case FORMAT_WITHOUT_TIMES -> ExampleRing.Layout.PLAIN;
            default -> throw new IOException("unknown replay buffer format " + format);
        };
        long seed = in.readLong();
        long seen = in.readLong();
        int reservoirCapacity = in.readInt();
        ExampleRing recent = ExampleRing.read(in, layout);
        ReplayBuffer buffer = new ReplayBuffer(recent.capacity(), reservoirCapacity, seed);
        recent.toList().forEach(buffer.recent::add);
        buffer.reservoir.addAll(ExampleRing.readAll(in, layout));
        buffer.seen = seen;
        return buffer;
    }
}
