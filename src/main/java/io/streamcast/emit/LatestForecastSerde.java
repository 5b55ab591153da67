package io.streamcast.emit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Binary form of a {@link Forecast} for the latest-forecasts store (what {@code GET /forecasts}
 * answers with). That store is written for every forecast, so its changelog costs as much per
 * observation as the forecast itself: binary is a third of the JSON the forecasts topic carries
 * (which stays JSON: it is the contract with consumers). Every field comes back exactly.
 *
 * <p>The first byte tells the layouts apart: {@link #FORMAT} for binary, {@code '{'} for JSON,
 * which the store held before and which is still written for the rare forecast binary cannot hold
 * exactly (a timestamp finer than a millisecond, a missing string).
 */
public final class LatestForecastSerde {
    private static final byte FORMAT = 1;
    /** Of the whole forecast: point i has h = i + 1, so no h is written. */
    private static final int STEPS_IN_ORDER = 1;
    /** Of the whole forecast: every target time is less than 2^31 ms after the one before (origin first): 4 bytes each. */
    private static final int INT_TIME_STEPS = 2;
    /** Of a point. */
    private static final int HAS_LOWER = 1;

    private static final int HAS_UPPER = 2;
    /** Of a point: lower and upper are value -/+ one half-width, exactly as doubles; only the half-width is written. */
    private static final int SYMMETRIC = 4;

    private LatestForecastSerde() {}

    public static Serde<Forecast> serde() {
        Serializer<Forecast> ser = (topic, f) -> f == null ? null : toBytes(f);
        Deserializer<Forecast> de = (topic, b) -> b == null ? null : fromBytes(b);
        return Serdes.serdeFrom(ser, de);
    }

    public static byte[] toBytes(Forecast f) {
        if (!binaryHolds(f)) {
            return ForecastSerde.toBytes(f);
        }
        byte[] series = f.series().getBytes(StandardCharsets.UTF_8);
        byte[] model = f.model().getBytes(StandardCharsets.UTF_8);
        byte[] topology = f.topology().getBytes(StandardCharsets.UTF_8);
        List<ForecastPoint> points = f.points();
        boolean inOrder = true;
        boolean intSteps = true;
        long previous = f.origin().toEpochMilli();
        for (int i = 0; i < points.size(); i++) {
            ForecastPoint p = points.get(i);
            inOrder &= p.h() == i + 1;
            long ts = p.ts().toEpochMilli();
            intSteps &= ts - previous == (int) (ts - previous) && (ts >= previous) == (ts - previous >= 0);
            previous = ts;
        }
        int size = 1 + 3 * 4 + series.length + model.length + topology.length + 8 + 8 + 4 + 1;
        for (ForecastPoint p : points) {
            size += (inOrder ? 0 : 4)
                    + (intSteps ? 4 : 8)
                    + 1
                    + 8
                    + (symmetric(p) ? 8 : (p.lower() != null ? 8 : 0) + (p.upper() != null ? 8 : 0));
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.put(FORMAT);
        putBytes(out, series);
        out.putLong(f.origin().toEpochMilli());
        putBytes(out, model);
        out.putLong(f.version());
        putBytes(out, topology);
        out.putInt(points.size());
        out.put((byte) ((inOrder ? STEPS_IN_ORDER : 0) | (intSteps ? INT_TIME_STEPS : 0)));
        previous = f.origin().toEpochMilli();
        for (ForecastPoint p : points) {
            if (!inOrder) {
                out.putInt(p.h());
            }
            long ts = p.ts().toEpochMilli();
            if (intSteps) {
                out.putInt((int) (ts - previous));
            } else {
                out.putLong(ts);
            }
            previous = ts;
            boolean symmetric = symmetric(p);
            out.put((byte) ((p.lower() != null ? HAS_LOWER : 0)
                    | (p.upper() != null ? HAS_UPPER : 0)
                    | (symmetric ? SYMMETRIC : 0)));
            out.putDouble(p.value());
            if (symmetric) {
                out.putDouble(p.upper() - p.value());
            } else {
                if (p.lower() != null) {
                    out.putDouble(p.lower());
                }
                if (p.upper() != null) {
                    out.putDouble(p.upper());
                }
            }
        }
        return out.array();
    }

    /** True when value -/+ (upper - value) gives back lower and upper bit for bit. */
    private static boolean symmetric(ForecastPoint p) {
        if (p.lower() == null || p.upper() == null) {
            return false;
        }
        double half = p.upper() - p.value();
        return Double.doubleToRawLongBits(p.value() + half) == Double.doubleToRawLongBits(p.upper())
                && Double.doubleToRawLongBits(p.value() - half) == Double.doubleToRawLongBits(p.lower());
    }

    public static Forecast fromBytes(byte[] b) {
        if (b.length > 0 && b[0] == '{') {
            return ForecastSerde.fromBytes(b);
        }
        ByteBuffer in = ByteBuffer.wrap(b);
        byte format = in.get();
        if (format != FORMAT) {
            throw new IllegalStateException("unknown latest forecast format " + format);
        }
        String series = getString(in);
        long previous = in.getLong();
        Instant origin = Instant.ofEpochMilli(previous);
        String model = getString(in);
        long version = in.getLong();
        String topology = getString(in);
        int n = in.getInt();
        int layout = in.get();
        List<ForecastPoint> points = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int h = (layout & STEPS_IN_ORDER) != 0 ? i + 1 : in.getInt();
            long ts = (layout & INT_TIME_STEPS) != 0 ? previous + in.getInt() : in.getLong();
            previous = ts;
            int flags = in.get();
            double value = in.getDouble();
            Double lower = null;
            Double upper = null;
            if ((flags & SYMMETRIC) != 0) {
                double half = in.getDouble();
                lower = value - half;
                upper = value + half;
            } else {
                lower = (flags & HAS_LOWER) != 0 ? in.getDouble() : null;
                upper = (flags & HAS_UPPER) != 0 ? in.getDouble() : null;
            }
            points.add(new ForecastPoint(h, Instant.ofEpochMilli(ts), value, lower, upper));
        }
        return new Forecast(series, origin, model, version, topology, points);
    }

    /** True when the binary layout gives back exactly this forecast: whole-millisecond times, no missing string. */
    private static boolean binaryHolds(Forecast f) {
        if (f.series() == null
                || f.model() == null
                || f.topology() == null
                || f.origin() == null
                || f.points() == null
                || !wholeMillis(f.origin())) {
            return false;
        }
        for (ForecastPoint p : f.points()) {
            if (p == null || p.ts() == null || !wholeMillis(p.ts())) {
                return false;
            }
        }
        return true;
    }

    private static boolean wholeMillis(Instant t) {
        try {
            return t.getNano() % 1_000_000 == 0
                    && Instant.ofEpochMilli(t.toEpochMilli()).equals(t);
        } catch (ArithmeticException beyondMillis) {
            return false;
        }
    }

    private static void putBytes(ByteBuffer out, byte[] bytes) {
        out.putInt(bytes.length);
        out.put(bytes);
    }

    private static String getString(ByteBuffer in) {
        byte[] bytes = new byte[in.getInt()];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
