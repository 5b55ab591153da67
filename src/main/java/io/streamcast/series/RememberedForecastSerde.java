package io.streamcast.series;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Binary form of one {@link RememberedForecast}, as the earlier layout of the remembered-forecasts
 * store wrote each when its forecast was emitted; still read ({@link RecentForecastsSerde}). The
 * first byte is a format version. The interval is kept as half-widths (intervals are symmetric),
 * and whichever of base and network is the served forecast itself is not repeated: a forecast, its
 * half-widths and at most one other copy, H floats each. Format 2 added the model version and
 * the origin's timestamp (for anomaly events); format 1 is still read, with both unknown.
 */
public final class RememberedForecastSerde {
    private static final byte FORMAT = 2;
    private static final byte FORMAT_WITHOUT_VERSION = 1;
    private static final int HAS_INTERVAL = SeriesStateSerde.HAS_INTERVAL;
    private static final int BASE_IS_FORECAST = SeriesStateSerde.BASE_IS_FORECAST;
    private static final int NETWORK_IS_FORECAST = SeriesStateSerde.NETWORK_IS_FORECAST;
    private static final int HAS_BASE = 8;
    private static final int HAS_NETWORK = 16;

    private RememberedForecastSerde() {}

    public static Serde<RememberedForecast> serde() {
        Serializer<RememberedForecast> ser = (topic, r) -> r == null ? null : toBytes(r);
        Deserializer<RememberedForecast> de = (topic, b) -> b == null ? null : fromBytes(b);
        return Serdes.serdeFrom(ser, de);
    }

    public static byte[] toBytes(RememberedForecast r) {
        float[] forecast = r.forecast();
        int horizon = forecast.length;
        byte[] model = r.model().getBytes(StandardCharsets.UTF_8);
        boolean interval = r.lower() != null && r.upper() != null;
        boolean baseIsForecast = r.base() != null && Arrays.equals(r.base(), forecast);
        boolean networkIsForecast = r.network() != null && Arrays.equals(r.network(), forecast);
        boolean base = r.base() != null && !baseIsForecast;
        boolean network = r.network() != null && !networkIsForecast;
        int arrays = 1 + (interval ? 1 : 0) + (base ? 1 : 0) + (network ? 1 : 0);
        ByteBuffer out = ByteBuffer.allocate(1 + 8 + 8 + 8 + 2 + model.length + 1 + 2 + arrays * 4 * horizon);
        out.put(FORMAT);
        out.putLong(r.originIndex());
        out.putLong(r.version());
        out.putLong(r.originMillis());
        out.putShort((short) model.length);
        out.put(model);
        out.put((byte) ((interval ? HAS_INTERVAL : 0)
                | (baseIsForecast ? BASE_IS_FORECAST : 0)
                | (networkIsForecast ? NETWORK_IS_FORECAST : 0)
                | (base ? HAS_BASE : 0)
                | (network ? HAS_NETWORK : 0)));
        out.putShort((short) horizon);
        putFloats(out, forecast, horizon);
        if (interval) {
            for (int h = 0; h < horizon; h++) {
                out.putFloat((r.upper()[h] - r.lower()[h]) / 2);
            }
        }
        if (base) {
            putFloats(out, r.base(), horizon);
        }
        if (network) {
            putFloats(out, r.network(), horizon);
        }
        return out.array();
    }

    public static RememberedForecast fromBytes(byte[] b) {
        ByteBuffer in = ByteBuffer.wrap(b);
        byte format = in.get();
        if (format != FORMAT && format != FORMAT_WITHOUT_VERSION) {
            throw new IllegalStateException("unknown remembered forecast format " + format);
        }
        long origin = in.getLong();
        long version = format == FORMAT ? in.getLong() : RememberedForecast.UNKNOWN;
        long originMillis = format == FORMAT ? in.getLong() : RememberedForecast.UNKNOWN;
        byte[] model = new byte[in.getShort()];
        in.get(model);
        int flags = in.get();
        int horizon = in.getShort();
        float[] forecast = getFloats(in, horizon);
        float[] lower = null;
        float[] upper = null;
        if ((flags & HAS_INTERVAL) != 0) {
            lower = new float[horizon];
            upper = new float[horizon];
            for (int h = 0; h < horizon; h++) {
                float half = in.getFloat();
                lower[h] = forecast[h] - half;
                upper[h] = forecast[h] + half;
            }
        }
        float[] base =
                (flags & HAS_BASE) != 0 ? getFloats(in, horizon) : (flags & BASE_IS_FORECAST) != 0 ? forecast : null;
        float[] network = (flags & HAS_NETWORK) != 0
                ? getFloats(in, horizon)
                : (flags & NETWORK_IS_FORECAST) != 0 ? forecast : null;
        return new RememberedForecast(
                origin,
                new String(model, StandardCharsets.UTF_8),
                forecast,
                lower,
                upper,
                base,
                network,
                version,
                originMillis);
    }

    private static void putFloats(ByteBuffer out, float[] a, int n) {
        if (a.length != n) {
            throw new IllegalArgumentException("expected " + n + " steps, got " + a.length);
        }
        for (float f : a) {
            out.putFloat(f);
        }
    }

    private static float[] getFloats(ByteBuffer in, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = in.getFloat();
        }
        return a;
    }
}
