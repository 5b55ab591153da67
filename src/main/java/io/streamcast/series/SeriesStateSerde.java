package io.streamcast.series;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
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
    private static final byte FORMAT = 2;
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
                out.writeLong(p.originIndex());
                out.writeUTF(p.model());
                writeFloats(out, p.forecast());
                writeFloats(out, p.lower());
                writeFloats(out, p.upper());
                writeFloats(out, p.base());
                writeFloats(out, p.network());
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
            if (format != FORMAT && format != FORMAT_WITHOUT_SMOOTHING) {
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
                awaiting.add(format == FORMAT_WITHOUT_SMOOTHING
                        ? new SeriesState.PendingScore(in.readLong(), in.readUTF(), readFloats(in), readFloats(in), readFloats(in))
                        : new SeriesState.PendingScore(in.readLong(), in.readUTF(), readFloats(in), readFloats(in), readFloats(in),
                                readFloats(in), readFloats(in)));
            }
            SeriesState state = new SeriesState(values, lastTs, count, since, mean, m2, ew, awaiting);
            if (format == FORMAT) {
                float[] residuals = readFloats(in);
                state.restoreResiduals(residuals.length == values.length ? residuals : new float[values.length]);
            } else {
                state.restoreResiduals(new float[values.length]);
            }
            if (format == FORMAT && in.readBoolean()) {
                Smoothing current = Smoothing.readFrom(in);
                Smoothing lagged = Smoothing.readFrom(in);
                state.restoreSmoothing(current, lagged, in.readLong());
            } else if (format == FORMAT) {
                state.restoreSmoothing(null, null, in.readLong());
            }
            return state;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
