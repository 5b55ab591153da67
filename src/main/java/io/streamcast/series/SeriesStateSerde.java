package io.streamcast.series;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Compact binary form of {@link SeriesState} for the state store and its changelog. Binary rather
 * than JSON because it is written once per observation for every series. The first byte is a
 * format version so the layout can evolve without losing stored state.
 */
public final class SeriesStateSerde {
    private static final byte FORMAT = 3;
    /**
     * Remembered forecasts with lower and upper bounds and both base and network copies in full:
     * still read. Format 3 writes the interval as half-widths (intervals are symmetric) and drops
     * whichever of base and network is the forecast itself, 40% of a series record at H = 12.
     */
    private static final byte FORMAT_FULL_PENDING = 2;
    /** Before smoothing: read as if the series had none yet (it is rebuilt from the values on the next observation). */
    private static final byte FORMAT_WITHOUT_SMOOTHING = 1;

    private SeriesStateSerde() {
    }

    public static Serde<SeriesState> serde() {
        Serializer<SeriesState> ser = (topic, s) -> s == null ? null : toBytes(s);
        Deserializer<SeriesState> de = (topic, b) -> b == null ? null : fromBytes(b);
        return Serdes.serdeFrom(ser, de);
    }

    static byte[] toBytes(SeriesState s) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + s.values().length * 8);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(FORMAT);
            out.writeLong(s.lastTsMillis());
            out.writeLong(s.count());
            out.writeInt(s.sinceForecast());
            out.writeDouble(s.mean());
            out.writeDouble(s.m2());
            out.writeDouble(s.ewAbsSeasonalDiff());
            out.writeInt(s.values().length);
            for (double v : s.values()) {
                out.writeDouble(v);
            }
            out.writeInt(s.awaitingActuals().size());
            for (SeriesState.PendingScore p : s.awaitingActuals()) {
                writePending(out, p);
            }
            writeFloats(out, s.residuals());
            out.writeBoolean(s.smoothing() != null);
            if (s.smoothing() != null) {
                s.smoothing().writeTo(out);
                s.lagged().writeTo(out);
            }
            out.writeLong(s.lastFilledIndex());
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SeriesState fromBytes(byte[] b) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(b));
            byte format = in.readByte();
            if (format != FORMAT && format != FORMAT_FULL_PENDING && format != FORMAT_WITHOUT_SMOOTHING) {
                throw new IllegalStateException("unknown series state format " + format);
            }
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
            List<SeriesState.PendingScore> awaiting = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                awaiting.add(format == FORMAT ? readPending(in)
                        : format == FORMAT_WITHOUT_SMOOTHING
                        ? new SeriesState.PendingScore(in.readLong(), in.readUTF(), readFloats(in), readFloats(in), readFloats(in))
                        : new SeriesState.PendingScore(in.readLong(), in.readUTF(), readFloats(in), readFloats(in), readFloats(in),
                                readFloats(in), readFloats(in)));
            }
            SeriesState state = new SeriesState(values, lastTs, count, since, mean, m2, ew, awaiting);
            boolean withSmoothing = format != FORMAT_WITHOUT_SMOOTHING;
            if (withSmoothing) {
                float[] residuals = readFloats(in);
                state.restoreResiduals(residuals.length == values.length ? residuals : new float[values.length]);
            } else {
                state.restoreResiduals(new float[values.length]);
            }
            if (withSmoothing && in.readBoolean()) {
                Smoothing current = Smoothing.readFrom(in);
                Smoothing lagged = Smoothing.readFrom(in);
                state.restoreSmoothing(current, lagged, in.readLong());
            } else if (withSmoothing) {
                state.restoreSmoothing(null, null, in.readLong());
            }
            return state;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final int HAS_INTERVAL = 1;
    private static final int BASE_IS_FORECAST = 2;
    private static final int NETWORK_IS_FORECAST = 4;

    private static void writePending(DataOutputStream out, SeriesState.PendingScore p) throws IOException {
        out.writeLong(p.originIndex());
        out.writeUTF(p.model());
        writeFloats(out, p.forecast());
        boolean interval = p.lower() != null && p.upper() != null;
        boolean baseIsForecast = p.base() != null && Arrays.equals(p.base(), p.forecast());
        boolean networkIsForecast = p.network() != null && Arrays.equals(p.network(), p.forecast());
        out.writeByte((interval ? HAS_INTERVAL : 0) | (baseIsForecast ? BASE_IS_FORECAST : 0)
                | (networkIsForecast ? NETWORK_IS_FORECAST : 0));
        if (interval) {
            float[] half = new float[p.forecast().length];
            for (int h = 0; h < half.length; h++) {
                half[h] = (p.upper()[h] - p.lower()[h]) / 2;
            }
            writeFloats(out, half);
        }
        writeFloats(out, baseIsForecast ? null : p.base());
        writeFloats(out, networkIsForecast ? null : p.network());
    }

    private static SeriesState.PendingScore readPending(DataInputStream in) throws IOException {
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
        return new SeriesState.PendingScore(origin, model, forecast, lower, upper,
                (flags & BASE_IS_FORECAST) != 0 ? forecast : base, (flags & NETWORK_IS_FORECAST) != 0 ? forecast : network);
    }

    private static void writeFloats(DataOutputStream out, float[] a) throws IOException {
        if (a == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(a.length);
        for (float f : a) {
            out.writeFloat(f);
        }
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
