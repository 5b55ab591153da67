package io.streamcast.series;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Binary form of a series' {@link RecentForecasts}, the value of the remembered-forecasts store.
 * The first byte is a format version, numbered after {@link RememberedForecastSerde}'s: formats 1
 * and 2 are one forecast in a slot entry of the earlier layout (read as a list of one), format 3 is
 * the list.
 *
 * <p>Why only the steps still to come: the record is rewritten with every forecast, and the next
 * actual any of its forecasts can score is the one after the newest origin, so the steps before
 * that are never read again. Keeping them would store H(H+1) steps instead of H(H+1)/2. They read
 * back as NaN. Per step: the point, the interval's half-width (intervals are symmetric) and at
 * most one of base and network (whichever is not the point itself).
 */
public final class RecentForecastsSerde {
    static final byte FORMAT = 3;
    private static final int HAS_INTERVAL = SeriesStateSerde.HAS_INTERVAL;
    private static final int BASE_IS_FORECAST = SeriesStateSerde.BASE_IS_FORECAST;
    private static final int NETWORK_IS_FORECAST = SeriesStateSerde.NETWORK_IS_FORECAST;
    private static final int HAS_BASE = 8;
    private static final int HAS_NETWORK = 16;

    private RecentForecastsSerde() {}

    public static Serde<RecentForecasts> serde() {
        Serializer<RecentForecasts> ser = (topic, r) -> r == null ? null : toBytes(r);
        Deserializer<RecentForecasts> de = (topic, b) -> b == null ? null : fromBytes(b);
        return Serdes.serdeFrom(ser, de);
    }

    public static byte[] toBytes(RecentForecasts r) {
        List<RememberedForecast> all = r.forecasts();
        long newest = r.newestOrigin();
        byte[][] models = new byte[all.size()][];
        int size = 1 + 2;
        for (int i = 0; i < all.size(); i++) {
            RememberedForecast f = all.get(i);
            models[i] = f.model().getBytes(StandardCharsets.UTF_8);
            int steps = f.forecast().length - from(f, newest);
            size += 8 + 8 + 8 + 2 + models[i].length + 1 + 2 + 2 + 4 * steps * arrays(flags(f, from(f, newest)));
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.put(FORMAT);
        out.putShort((short) all.size());
        for (int i = 0; i < all.size(); i++) {
            RememberedForecast f = all.get(i);
            int from = from(f, newest);
            int horizon = f.forecast().length;
            int flags = flags(f, from);
            out.putLong(f.originIndex());
            out.putLong(f.version());
            out.putLong(f.originMillis());
            out.putShort((short) models[i].length);
            out.put(models[i]);
            out.put((byte) flags);
            out.putShort((short) horizon);
            out.putShort((short) from);
            putFloats(out, f.forecast(), from);
            if ((flags & HAS_INTERVAL) != 0) {
                for (int h = from; h < horizon; h++) {
                    out.putFloat((f.upper()[h] - f.lower()[h]) / 2);
                }
            }
            if ((flags & HAS_BASE) != 0) {
                putFloats(out, f.base(), from);
            }
            if ((flags & HAS_NETWORK) != 0) {
                putFloats(out, f.network(), from);
            }
        }
        return out.array();
    }

    public static RecentForecasts fromBytes(byte[] b) {
        if (b[0] != FORMAT) {
            // A slot entry of the one-forecast-per-entry layout.
            return new RecentForecasts(List.of(RememberedForecastSerde.fromBytes(b)));
        }
        ByteBuffer in = ByteBuffer.wrap(b, 1, b.length - 1);
        int n = in.getShort();
        List<RememberedForecast> all = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long origin = in.getLong();
            long version = in.getLong();
            long originMillis = in.getLong();
            byte[] model = new byte[in.getShort()];
            in.get(model);
            int flags = in.get();
            int horizon = in.getShort();
            int from = in.getShort();
            float[] forecast = getFloats(in, horizon, from);
            float[] lower = null;
            float[] upper = null;
            if ((flags & HAS_INTERVAL) != 0) {
                lower = unknown(horizon);
                upper = unknown(horizon);
                for (int h = from; h < horizon; h++) {
                    float half = in.getFloat();
                    lower[h] = forecast[h] - half;
                    upper[h] = forecast[h] + half;
                }
            }
            float[] base = (flags & HAS_BASE) != 0
                    ? getFloats(in, horizon, from)
                    : (flags & BASE_IS_FORECAST) != 0 ? forecast : null;
            float[] network = (flags & HAS_NETWORK) != 0
                    ? getFloats(in, horizon, from)
                    : (flags & NETWORK_IS_FORECAST) != 0 ? forecast : null;
            all.add(new RememberedForecast(
                    origin,
                    new String(model, StandardCharsets.UTF_8),
                    forecast,
                    lower,
                    upper,
                    base,
                    network,
                    version,
                    originMillis));
        }
        return new RecentForecasts(all);
    }

    /** The first step (0-based) the actual after {@code newest} or a later one can score. */
    private static int from(RememberedForecast f, long newest) {
        return (int) Math.min(f.forecast().length, Math.max(0, newest - f.originIndex()));
    }

    private static int flags(RememberedForecast f, int from) {
        float[] forecast = f.forecast();
        int horizon = forecast.length;
        boolean interval = f.lower() != null && f.upper() != null;
        boolean baseIsForecast = f.base() != null && Arrays.equals(f.base(), from, horizon, forecast, from, horizon);
        boolean networkIsForecast =
                f.network() != null && Arrays.equals(f.network(), from, horizon, forecast, from, horizon);
        return (interval ? HAS_INTERVAL : 0)
                | (baseIsForecast ? BASE_IS_FORECAST : 0)
                | (networkIsForecast ? NETWORK_IS_FORECAST : 0)
                | (f.base() != null && !baseIsForecast ? HAS_BASE : 0)
                | (f.network() != null && !networkIsForecast ? HAS_NETWORK : 0);
    }

    private static int arrays(int flags) {
        return 1 + Integer.bitCount(flags & (HAS_INTERVAL | HAS_BASE | HAS_NETWORK));
    }

    private static void putFloats(ByteBuffer out, float[] a, int from) {
        for (int h = from; h < a.length; h++) {
            out.putFloat(a[h]);
        }
    }

    private static float[] getFloats(ByteBuffer in, int n, int from) {
        float[] a = unknown(n);
        for (int h = from; h < n; h++) {
            a[h] = in.getFloat();
        }
        return a;
    }

    private static float[] unknown(int n) {
        float[] a = new float[n];
        Arrays.fill(a, Float.NaN);
        return a;
    }
}
