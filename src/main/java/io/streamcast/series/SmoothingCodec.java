package io.streamcast.series;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.kafka.common.utils.ByteUtils;

/**
 * A {@link Smoothing} in the series record: the compact layout the current format writes, and the
 * fixed layout of the formats before it, still read.
 *
 * <p>Compact (format 8): one flags byte (log scale, ready; with a robust base also whether it
 * keeps a scale and on which side of its bound the newest value fell), the values taken so far as
 * a varlong, level and trend as doubles, the robust scale as a float when the flag says so (a
 * record of a base that is not robust is byte for byte what it was before robust bases existed; a
 * robust one cannot be read by a version that predates them), the count of seasonal terms as a varint and the terms as floats, the
 * count of buffered warm-up values as a varint and those as doubles. Counts and the values taken
 * are small numbers a fixed layout spent 12 bytes on: 8 bytes fewer per smoothing (for a series
 * with fewer than a million values), and the record carries two to four.
 *
 * <p>Fixed (formats 2 to 7): log and ready as a byte each, the values taken as a long, level and
 * trend, the terms' count as a short and the terms (doubles before format 7, floats from it), the
 * warm-up count as a short and the values.
 */
final class SmoothingCodec {
    private static final int LOG = 1;
    private static final int READY = 2;
    private static final int ROBUST_SCALE = 4;
    private static final int BEYOND_ABOVE = 8;
    private static final int BEYOND_BELOW = 16;

    private SmoothingCodec() {}

    /** Bytes {@link #write} takes for {@code s}. */
    static int size(Smoothing s) {
        return 1
                + ByteUtils.sizeOfVarlong(s.seen())
                + 2 * Double.BYTES
                + (Float.isNaN(s.robustScale()) ? 0 : Float.BYTES)
                + ByteUtils.sizeOfUnsignedVarint(s.seasonTerms().length)
                + Float.BYTES * s.seasonTerms().length
                + ByteUtils.sizeOfUnsignedVarint(s.warmupValues().length)
                + Double.BYTES * s.warmupValues().length;
    }

    static void write(Smoothing s, ByteBuffer out) {
        boolean robust = !Float.isNaN(s.robustScale());
        int beyond = s.beyondBound() > 0 ? BEYOND_ABOVE : s.beyondBound() < 0 ? BEYOND_BELOW : 0;
        out.put((byte) ((s.log() ? LOG : 0) | (s.ready() ? READY : 0) | (robust ? ROBUST_SCALE : 0) | beyond));
        ByteUtils.writeVarlong(s.seen(), out);
        out.putDouble(s.level());
        out.putDouble(s.trend());
        if (robust) {
            out.putFloat(s.robustScale());
        }
        float[] season = s.seasonTerms();
        ByteUtils.writeUnsignedVarint(season.length, out);
        for (float term : season) {
            out.putFloat(term);
        }
        double[] warmup = s.warmupValues();
        ByteUtils.writeUnsignedVarint(warmup.length, out);
        for (double w : warmup) {
            out.putDouble(w);
        }
    }

    static Smoothing read(ByteBuffer in) {
        int flags = in.get();
        long seen = ByteUtils.readVarlong(in);
        double level = in.getDouble();
        double trend = in.getDouble();
        float sigma = (flags & ROBUST_SCALE) != 0 ? in.getFloat() : Float.NaN;
        float[] season = new float[ByteUtils.readUnsignedVarint(in)];
        for (int i = 0; i < season.length; i++) {
            season[i] = in.getFloat();
        }
        double[] warmup = new double[ByteUtils.readUnsignedVarint(in)];
        for (int i = 0; i < warmup.length; i++) {
            warmup[i] = in.getDouble();
        }
        int beyond = (flags & BEYOND_ABOVE) != 0 ? 1 : (flags & BEYOND_BELOW) != 0 ? -1 : 0;
        return Smoothing.restored(
                (flags & LOG) != 0, seen, (flags & READY) != 0, level, trend, season, warmup, sigma, beyond);
    }

    /** The fixed layout of formats 4 to 7: seasonal terms as doubles (4 to 6) or floats (7). */
    static Smoothing readFixed(ByteBuffer in, boolean doubleSeasons) {
        boolean log = in.get() != 0;
        long seen = in.getLong();
        boolean ready = in.get() != 0;
        double level = in.getDouble();
        double trend = in.getDouble();
        float[] season = new float[in.getShort()];
        for (int i = 0; i < season.length; i++) {
            season[i] = doubleSeasons ? (float) in.getDouble() : in.getFloat();
        }
        double[] warmup = new double[in.getShort()];
        for (int i = 0; i < warmup.length; i++) {
            warmup[i] = in.getDouble();
        }
        return Smoothing.restored(log, seen, ready, level, trend, season, warmup);
    }

    /** The fixed layout of formats 2 and 3, read with a stream (seasonal terms as doubles). */
    static Smoothing readFixed(DataInputStream in) throws IOException {
        boolean log = in.readBoolean();
        long seen = in.readLong();
        boolean ready = in.readBoolean();
        double level = in.readDouble();
        double trend = in.readDouble();
        float[] season = new float[in.readShort()];
        for (int i = 0; i < season.length; i++) {
            season[i] = (float) in.readDouble();
        }
        double[] warmup = new double[in.readShort()];
        for (int i = 0; i < warmup.length; i++) {
            warmup[i] = in.readDouble();
        }
        return Smoothing.restored(log, seen, ready, level, trend, season, warmup);
    }
}
