package io.streamcast.series;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.ByteUtils;

/**
 * Compact binary form of {@link SeriesState} for the state store and its changelog. Binary rather
 * than JSON because it is written once per observation for every series. The first byte is a
 * format version so the layout can evolve without losing stored state.
 *
 * <p>Format 4 holds only what every observation changes: the kept values, their residuals, the
 * running statistics and both smoothing states, at fixed offsets (one exactly sized buffer, no
 * stream). The forecasts awaiting their actuals live in their own store since format 4
 * ({@link RememberedForecastSerde}); formats 1 to 3 carried them, and reading one hands them over
 * through {@link SeriesState#takeLegacyAwaiting()}.
 *
 * <p>Format 5 is format 4 followed by {@link SeriesState#queuedOrigin()} (the pending-forecasts
 * store is no longer written: the record says whether its newest observation still waits to be
 * forecast) and the kept steps still open to a late observation (filled in, not replaced yet): a
 * count and their indices, 4 bytes when there are none. A format-4 record reads as nothing queued;
 * it never said which steps were filled, only the newest one ({@code lastFilledIndex}): read, that
 * one is open if it is still kept, and a late observation for an earlier fill of its is refused as
 * before (never a real value overwritten).
 *
 * <p>Format 6 is format 5 followed by the alternative smoothings of an adaptive base (a count, one
 * byte, then each in the smoothing layout) and by the observed features kept per step (covariates):
 * their count per step (4 bytes, 0 without covariates), and when there are some the layout they
 * were kept for ({@link SeriesState#useFeatures}) and one float per kept value and feature, NaN
 * where missing. A format-5 record reads as neither: a series whose base adapts starts its
 * alternatives on its next observation, and a topology with covariates has every kept step's
 * features missing.
 *
 * <p>Format 7 is format 6 with every smoothing's seasonal terms as floats (the smoothing keeps them
 * as floats, {@link Smoothing}): 4 x 4 x 24 = 384 bytes fewer for an hourly series with an adaptive
 * base, a fifth of the record. A format-6 record's terms are rounded to floats on reading.
 *
 * <p>Format 8 holds what format 7 holds, smaller: the residuals only where the state keeps them
 * (all but the oldest season of the kept values, {@link SeriesState#residuals()}), each in two
 * bytes (bfloat16, as the state keeps them: {@link SeriesState#asKept}); counts, indices and the
 * values taken as Kafka's varints (zig-zag, so -1 for "none" is one byte); the smoothings in
 * {@link SmoothingCodec}'s compact layout. For the bench's hourly series (84 values, 60 residuals,
 * four smoothings) that is about 280 bytes fewer than format 7. Formats 4 to 7 have one float
 * residual per value: they read rounded as the state keeps them, and the next observation trims
 * them.
 *
 * <p>Format 9 is format 8 followed by what {@link SeriesState#resolution()} is made of: the
 * smallest move the series' readings have made (a float) and whether two were ever equal (a byte):
 * 5 bytes. A format-8 record reads as no move seen yet.
 * Only the current format is written: a test that reads an older one writes it itself.
 */
public final class SeriesStateSerde {
    private static final byte FORMAT = 9;
    /** Format 9 without the smallest move: still read. */
    static final byte FORMAT_WITHOUT_RESOLUTION = 8;
    /** Fixed-size fields, one float residual per value: still read. */
    static final byte FORMAT_RESIDUAL_PER_VALUE = 7;
    /** Format 7 with the seasonal terms as doubles: still read. */
    static final byte FORMAT_DOUBLE_SEASONS = 6;
    /** Format 6 without the alternative smoothings and the features: still read. */
    private static final byte FORMAT_WITHOUT_ALTERNATIVES = 5;
    /** Format 5 without the open fills: still read. */
    private static final byte FORMAT_WITHOUT_OPEN_FILLS = 4;
    /** Remembered forecasts inside the record, as half-widths and without copies of the forecast itself: still read. */
    private static final byte FORMAT_AWAITING_INSIDE = 3;
    /**
     * Remembered forecasts with lower and upper bounds and both base and network copies in full:
     * still read.
     */
    private static final byte FORMAT_FULL_PENDING = 2;
    /** Before smoothing: read as if the series had none yet (it is rebuilt from the values on the next observation). */
    private static final byte FORMAT_WITHOUT_SMOOTHING = 1;

    private SeriesStateSerde() {}

    public static Serde<SeriesState> serde() {
        Serializer<SeriesState> ser = (topic, s) -> s == null ? null : toBytes(s);
        Deserializer<SeriesState> de = (topic, b) -> b == null ? null : fromBytes(b);
        return Serdes.serdeFrom(ser, de);
    }

    /** Bytes of the current format's record of {@code s}: exactly what {@link #toBytes} writes. */
    static int byteSize(SeriesState s) {
        int n = s.values().length;
        int smoothing =
                s.smoothing() == null ? 0 : SmoothingCodec.size(s.smoothing()) + SmoothingCodec.size(s.lagged());
        Smoothing[] alternatives = s.alternatives();
        int alternativesBytes = ByteUtils.sizeOfUnsignedVarint(alternatives.length);
        for (Smoothing a : alternatives) {
            alternativesBytes += SmoothingCodec.size(a);
        }
        int openFills = ByteUtils.sizeOfUnsignedVarint(s.openFills().length);
        for (long index : s.openFills()) {
            openFills += ByteUtils.sizeOfVarlong(index);
        }
        return 1
                + Long.BYTES
                + ByteUtils.sizeOfVarlong(s.count())
                + ByteUtils.sizeOfVarint(s.sinceForecast())
                + 3 * Double.BYTES
                + ByteUtils.sizeOfUnsignedVarint(n)
                + Double.BYTES * n
                + ByteUtils.sizeOfUnsignedVarint(s.residuals().length)
                + Short.BYTES * s.residuals().length
                + 1
                + smoothing
                + ByteUtils.sizeOfVarlong(s.lastFilledIndex())
                + ByteUtils.sizeOfVarlong(s.queuedOrigin())
                + openFills
                + alternativesBytes
                + ByteUtils.sizeOfUnsignedVarint(s.featureWidth())
                + (s.featureWidth() == 0 ? 0 : Integer.BYTES + Float.BYTES * s.features().length)
                + Float.BYTES
                + 1;
    }

    /** The record of {@code s} in the current format, in one exactly sized buffer. */
    static byte[] toBytes(SeriesState s) {
        ByteBuffer out = ByteBuffer.allocate(byteSize(s));
        out.put(FORMAT);
        out.putLong(s.lastTsMillis());
        ByteUtils.writeVarlong(s.count(), out);
        ByteUtils.writeVarint(s.sinceForecast(), out);
        out.putDouble(s.mean());
        out.putDouble(s.m2());
        out.putDouble(s.ewAbsSeasonalDiff());
        double[] values = s.values();
        ByteUtils.writeUnsignedVarint(values.length, out);
        for (double v : values) {
            out.putDouble(v);
        }
        float[] residuals = s.residuals();
        ByteUtils.writeUnsignedVarint(residuals.length, out);
        for (float r : residuals) {
            out.putShort(Bfloat16.bits(r));
        }
        out.put((byte) (s.smoothing() != null ? 1 : 0));
        if (s.smoothing() != null) {
            SmoothingCodec.write(s.smoothing(), out);
            SmoothingCodec.write(s.lagged(), out);
        }
        ByteUtils.writeVarlong(s.lastFilledIndex(), out);
        ByteUtils.writeVarlong(s.queuedOrigin(), out);
        long[] open = s.openFills();
        ByteUtils.writeUnsignedVarint(open.length, out);
        for (long index : open) {
            ByteUtils.writeVarlong(index, out);
        }
        Smoothing[] alternatives = s.alternatives();
        ByteUtils.writeUnsignedVarint(alternatives.length, out);
        for (Smoothing a : alternatives) {
            SmoothingCodec.write(a, out);
        }
        ByteUtils.writeUnsignedVarint(s.featureWidth(), out);
        if (s.featureWidth() > 0) {
            out.putInt(s.featureLayout());
            for (float f : s.features()) {
                out.putFloat(f);
            }
        }
        out.putFloat(s.smallestMove());
        out.put((byte) (s.readingsRepeat() ? 1 : 0));
        return out.array();
    }

    /** A record of the current format or format 8 (the format byte already read). */
    private static SeriesState fromCompact(ByteBuffer in, boolean withResolution) {
        long lastTs = in.getLong();
        long count = ByteUtils.readVarlong(in);
        int since = ByteUtils.readVarint(in);
        double mean = in.getDouble();
        double m2 = in.getDouble();
        double ew = in.getDouble();
        double[] values = new double[ByteUtils.readUnsignedVarint(in)];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.getDouble();
        }
        float[] residuals = new float[ByteUtils.readUnsignedVarint(in)];
        for (int i = 0; i < residuals.length; i++) {
            residuals[i] = Bfloat16.fromBits(in.getShort());
        }
        SeriesState state = new SeriesState(values, lastTs, count, since, mean, m2, ew, List.of());
        state.restoreResiduals(residuals);
        boolean withSmoothing = in.get() != 0;
        Smoothing current = withSmoothing ? SmoothingCodec.read(in) : null;
        Smoothing lagged = withSmoothing ? SmoothingCodec.read(in) : null;
        state.restoreSmoothing(current, lagged, ByteUtils.readVarlong(in));
        state.queueOrigin(ByteUtils.readVarlong(in));
        long[] open = new long[ByteUtils.readUnsignedVarint(in)];
        for (int i = 0; i < open.length; i++) {
            open[i] = ByteUtils.readVarlong(in);
        }
        state.restoreOpenFills(open);
        Smoothing[] alternatives = new Smoothing[ByteUtils.readUnsignedVarint(in)];
        for (int i = 0; i < alternatives.length; i++) {
            alternatives[i] = SmoothingCodec.read(in);
        }
        state.restoreAlternatives(alternatives);
        int width = ByteUtils.readUnsignedVarint(in);
        if (width > 0) {
            int layout = in.getInt();
            float[] features = new float[values.length * width];
            for (int i = 0; i < features.length; i++) {
                features[i] = in.getFloat();
            }
            state.restoreFeatures(width, layout, features);
        }
        if (withResolution) {
            state.restoreResolution(in.getFloat(), in.get() != 0);
        }
        return state;
    }

    static SeriesState fromBytes(byte[] b) {
        byte format = b[0];
        if (format == FORMAT || format == FORMAT_WITHOUT_RESOLUTION) {
            return fromCompact(ByteBuffer.wrap(b, 1, b.length - 1), format == FORMAT);
        }
        if (format == FORMAT_RESIDUAL_PER_VALUE
                || format == FORMAT_DOUBLE_SEASONS
                || format == FORMAT_WITHOUT_ALTERNATIVES
                || format == FORMAT_WITHOUT_OPEN_FILLS) {
            ByteBuffer in = ByteBuffer.wrap(b, 1, b.length - 1);
            boolean doubleSeasons = format != FORMAT_RESIDUAL_PER_VALUE;
            SeriesState state = fromFormat4(in, doubleSeasons);
            if (format != FORMAT_WITHOUT_OPEN_FILLS) {
                state.queueOrigin(in.getLong());
                long[] open = new long[in.getInt()];
                for (int i = 0; i < open.length; i++) {
                    open[i] = in.getLong();
                }
                state.restoreOpenFills(open);
                if (format == FORMAT_RESIDUAL_PER_VALUE || format == FORMAT_DOUBLE_SEASONS) {
                    Smoothing[] alternatives = new Smoothing[in.get()];
                    for (int i = 0; i < alternatives.length; i++) {
                        alternatives[i] = SmoothingCodec.readFixed(in, doubleSeasons);
                    }
                    state.restoreAlternatives(alternatives);
                    int width = in.getInt();
                    if (width > 0) {
                        int layout = in.getInt();
                        float[] features = new float[state.values().length * width];
                        for (int i = 0; i < features.length; i++) {
                            features[i] = in.getFloat();
                        }
                        state.restoreFeatures(width, layout, features);
                    }
                }
            } else {
                state.restoreOpenFills(newestFillIfKept(state));
            }
            return state;
        }
        if (format != FORMAT_AWAITING_INSIDE && format != FORMAT_FULL_PENDING && format != FORMAT_WITHOUT_SMOOTHING) {
            throw new IllegalStateException("unknown series state format " + format);
        }
        try {
            SeriesState state =
                    fromOlderFormat(format, new DataInputStream(new ByteArrayInputStream(b, 1, b.length - 1)));
            state.restoreOpenFills(newestFillIfKept(state));
            return state;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The one step a record of format 4 or older is known to have filled: its newest fill, while kept. */
    private static long[] newestFillIfKept(SeriesState s) {
        long newest = s.lastFilledIndex();
        return newest >= 0 && newest >= s.count() - s.values().length ? new long[] {newest} : new long[0];
    }

    /** The fixed layout formats 4 to 7 share (the format byte already read). */
    private static SeriesState fromFormat4(ByteBuffer in, boolean doubleSeasons) {
        long lastTs = in.getLong();
        long count = in.getLong();
        int since = in.getInt();
        double mean = in.getDouble();
        double m2 = in.getDouble();
        double ew = in.getDouble();
        double[] values = new double[in.getInt()];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.getDouble();
        }
        float[] residuals = new float[values.length];
        for (int i = 0; i < residuals.length; i++) {
            // Floats before format 8: rounded as the state keeps them, so it forecasts as when written again.
            residuals[i] = SeriesState.asKept(in.getFloat());
        }
        SeriesState state = new SeriesState(values, lastTs, count, since, mean, m2, ew, List.of());
        state.restoreResiduals(residuals);
        if (in.get() != 0) {
            Smoothing current = SmoothingCodec.readFixed(in, doubleSeasons);
            Smoothing lagged = SmoothingCodec.readFixed(in, doubleSeasons);
            state.restoreSmoothing(current, lagged, in.getLong());
        } else {
            state.restoreSmoothing(null, null, in.getLong());
        }
        return state;
    }

    /** Formats 1 to 3, as they were written (the format byte already read). */
    private static SeriesState fromOlderFormat(byte format, DataInputStream in) throws IOException {
        long lastTs = in.readLong();
        long count = in.readLong();
        int since = in.readInt();
        double mean = in.readDouble();
        double m2 = in.readDouble();
        double ew = in.readDouble();
        double[] values = new double[in.readInt()];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readDouble();
        }
        int n = in.readInt();
        List<RememberedForecast> awaiting = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            awaiting.add(
                    format == FORMAT_AWAITING_INSIDE
                            ? readPending(in)
                            : format == FORMAT_WITHOUT_SMOOTHING
                                    ? new RememberedForecast(
                                            in.readLong(), in.readUTF(), readFloats(in), readFloats(in), readFloats(in))
                                    : new RememberedForecast(
                                            in.readLong(),
                                            in.readUTF(),
                                            readFloats(in),
                                            readFloats(in),
                                            readFloats(in),
                                            readFloats(in),
                                            readFloats(in)));
        }
        SeriesState state = new SeriesState(values, lastTs, count, since, mean, m2, ew, awaiting);
        boolean withSmoothing = format != FORMAT_WITHOUT_SMOOTHING;
        if (withSmoothing) {
            float[] residuals = readFloats(in);
            for (int i = 0; i < residuals.length; i++) {
                residuals[i] = SeriesState.asKept(residuals[i]);
            }
            state.restoreResiduals(residuals.length == values.length ? residuals : new float[values.length]);
        } else {
            state.restoreResiduals(new float[values.length]);
        }
        if (withSmoothing && in.readBoolean()) {
            Smoothing current = SmoothingCodec.readFixed(in);
            Smoothing lagged = SmoothingCodec.readFixed(in);
            state.restoreSmoothing(current, lagged, in.readLong());
        } else if (withSmoothing) {
            state.restoreSmoothing(null, null, in.readLong());
        }
        return state;
    }

    /** Flags of a remembered forecast in format 3, and in {@link RememberedForecastSerde}. */
    static final int HAS_INTERVAL = 1;

    static final int BASE_IS_FORECAST = 2;
    static final int NETWORK_IS_FORECAST = 4;

    private static RememberedForecast readPending(DataInputStream in) throws IOException {
        long origin = in.readLong();
        String model = in.readUTF();
        float[] forecast = readFloats(in);
        int flags = in.readByte();
        float[] lower = null;
        float[] upper = null;
        if ((flags & HAS_INTERVAL) != 0) {
            float[] half = readFloats(in);
            lower = new float[forecast.length];
            upper = new float[forecast.length];
            for (int h = 0; h < forecast.length; h++) {
                lower[h] = forecast[h] - half[h];
                upper[h] = forecast[h] + half[h];
            }
        }
        float[] base = readFloats(in);
        float[] network = readFloats(in);
        return new RememberedForecast(
                origin,
                model,
                forecast,
                lower,
                upper,
                (flags & BASE_IS_FORECAST) != 0 ? forecast : base,
                (flags & NETWORK_IS_FORECAST) != 0 ? forecast : network);
    }

    private static float[] readFloats(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = in.readFloat();
        }
        return a;
    }
}
