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
import org.apache.kafka.common.utils.ByteUtils;

/**
 * Binary form of a series' {@link RecentForecasts}, the value of the remembered-forecasts store.
 * The first byte is a format version, numbered after {@link RememberedForecastSerde}'s: formats 1
 * and 2 are one forecast in a slot entry of the earlier layout (read as a list of one), format 3 is
 * the list with a fixed header per forecast, format 4 (written now) the list with each header
 * delta-encoded against the one before and the newest forecast as published. Formats 1 to 3 are
 * still read.
 *
 * <p>Why only the steps still to come: the record is rewritten with every forecast, and the next
 * actual any of its forecasts can score is the one after the newest origin, so the steps before
 * that are never read again. Keeping them would store H(H+1) steps instead of H(H+1)/2. They read
 * back as NaN. Per step: the point, the interval's half-width (intervals are symmetric) and at
 * most one of base and network (whichever is not the point itself).
 *
 * <p>Why delta headers (format 4): the record holds up to H forecasts of one series, made one step
 * apart by the same model, so origin index, version, origin time, model and horizon mostly repeat.
 * Format 3 spent 31 bytes plus the model name on each (at H = 12 about 400 of the record's 1,040
 * bytes); format 4 writes the newest origin once, then per forecast a flags byte, three zigzag
 * varints (its distance back from the newest origin, its version and origin time less the
 * previous forecast's: 1 + 1 + 4 bytes for hourly series) and the model and horizon only when they
 * change. Where a forecast's steps start is not written: it follows from its distance back.
 *
 * <p>Why the newest forecast as published (format 4): it answers {@code GET /forecasts/{series}},
 * which must match the forecasts topic exactly, so its values and half-widths are doubles (16 bytes
 * a step instead of 8); its float copy for scoring is read back from them, rounded as it was made.
 *
 * <p>Format 5 (written now) is format 4 with the further quantiles ({@code interval.quantiles}),
 * scored live as the forecast's other numbers are: after the newest origin the record's quantile
 * probabilities (a varint count, one byte 0 for a topology without any, then a double each); the
 * newest forecast's values as published after its half-widths (per quantile a byte as below, then,
 * for one of its own, a double per step; the point and its bounds are exact in doubles too);
 * every other forecast's, after its base and network, as a byte (1: kept, 0: made for other
 * quantiles or none) and per quantile a byte saying whether its steps still to come are the
 * forecast's values (the median), its lower or upper bounds (the main interval's probabilities) or
 * floats that follow, one per step. Format 4 reads as none.
 */
public final class RecentForecastsSerde {
    static final byte FORMAT = 5;
    /** Format 5: a quantile's steps are the forecast's own values, lower or upper bounds, or floats of their own. */
    private static final byte SAME_AS_FORECAST = 0;

    private static final byte SAME_AS_LOWER = 1;
    private static final byte SAME_AS_UPPER = 2;
    private static final byte OWN_VALUES = 3;
    /** Format 5: {@code MIRROR + j}, a quantile's steps mirror quantile j's around the point. */
    private static final int MIRROR = 16;
    /** Quantiles a marker byte can name as the mirrored one (a topology has at most 20). */
    private static final int MAX_MIRRORED = 100;
    /** Format 5 without the published quantiles: still read. */
    static final byte FORMAT_WITHOUT_QUANTILES = 4;

    static final byte FORMAT_FIXED_HEADERS = 3;
    private static final int HAS_INTERVAL = SeriesStateSerde.HAS_INTERVAL;
    private static final int BASE_IS_FORECAST = SeriesStateSerde.BASE_IS_FORECAST;
    private static final int NETWORK_IS_FORECAST = SeriesStateSerde.NETWORK_IS_FORECAST;
    private static final int HAS_BASE = 8;
    private static final int HAS_NETWORK = 16;
    /** Format 4: same model name as the forecast before (never for the first). */
    private static final int SAME_MODEL = 32;
    /** Format 4: same horizon as the forecast before (never for the first). */
    private static final int SAME_HORIZON = 64;
    /** Format 4, newest forecast only: its points as published, doubles, in place of its forecast and half-width floats. */
    private static final int PUBLISHED = 128;

    /**
     * Per thread, the buffer a record is written into before its exact copy is returned: the
     * bound above is about four times what a record takes, and allocating it for every forecast
     * was the stream thread's largest single allocation (8% of its bytes in a JFR recording of
     * the performance issue's drain).
     */
    private static final ThreadLocal<ByteBuffer> SCRATCH = ThreadLocal.withInitial(() -> ByteBuffer.allocate(4096));

    private RecentForecastsSerde() {}

    /** This thread's scratch buffer, cleared, with room for at least {@code bound} bytes. */
    private static ByteBuffer scratch(int bound) {
        ByteBuffer buffer = SCRATCH.get();
        if (buffer.capacity() < bound) {
            buffer = ByteBuffer.allocate(Math.max(bound, 2 * buffer.capacity()));
            SCRATCH.set(buffer);
        }
        buffer.clear();
        return buffer;
    }

    public static Serde<RecentForecasts> serde() {
        Serializer<RecentForecasts> ser = (topic, r) -> r == null ? null : toBytes(r);
        Deserializer<RecentForecasts> de = (topic, b) -> b == null ? null : fromBytes(b);
        return Serdes.serdeFrom(ser, de);
    }

    public static byte[] toBytes(RecentForecasts r) {
        List<RememberedForecast> all = r.forecasts();
        long newest = r.newestOrigin();
        PublishedPoints published = r.newestPublished();
        double[] probabilities = probabilities(r);
        int quantiles = probabilities.length;
        // An upper bound: varints take at most 5 or 10 bytes; the array is cut to what was written.
        int bound = 1 + 5 + 10 + 5 + 8 * quantiles;
        for (int i = 0; i < all.size(); i++) {
            RememberedForecast f = all.get(i);
            // UTF-8 takes at most three bytes per char; a name is encoded only where it changes.
            bound += 1 + 3 * 10 + 5 + 3 * f.model().length() + 5 + 4 * 4 * f.forecast().length;
            bound += 1 + quantiles * (1 + 4 * f.forecast().length);
        }
        if (published != null) {
            bound += 16 * published.horizon() + quantiles * (1 + 8 * published.horizon());
        }
        ByteBuffer out = scratch(bound);
        out.put(FORMAT);
        ByteUtils.writeUnsignedVarint(all.size(), out);
        ByteUtils.writeVarlong(newest, out);
        ByteUtils.writeUnsignedVarint(quantiles, out);
        for (double p : probabilities) {
            out.putDouble(p);
        }
        RememberedForecast before = null;
        for (int i = 0; i < all.size(); i++) {
            RememberedForecast f = all.get(i);
            boolean newestPublished = published != null && i == all.size() - 1;
            int from = from(f, newest);
            int horizon = f.forecast().length;
            boolean sameModel = before != null && before.model().equals(f.model());
            boolean sameHorizon = before != null && before.forecast().length == horizon;
            int flags = flags(f, from)
                    | (sameModel ? SAME_MODEL : 0)
                    | (sameHorizon ? SAME_HORIZON : 0)
                    | (newestPublished ? PUBLISHED | HAS_INTERVAL : 0);
            out.put((byte) flags);
            // Differences of longs wrap, and wrap back when added: any value, UNKNOWN included, round-trips.
            ByteUtils.writeVarlong(newest - f.originIndex(), out);
            ByteUtils.writeVarlong(f.version() - (before == null ? 0 : before.version()), out);
            ByteUtils.writeVarlong(f.originMillis() - (before == null ? 0 : before.originMillis()), out);
            if (!sameModel) {
                byte[] model = f.model().getBytes(StandardCharsets.UTF_8);
                ByteUtils.writeUnsignedVarint(model.length, out);
                out.put(model);
            }
            if (!sameHorizon) {
                ByteUtils.writeUnsignedVarint(horizon, out);
            }
            if (newestPublished) {
                for (double v : published.values()) {
                    out.putDouble(v);
                }
                for (double half : published.halfWidths()) {
                    out.putDouble(half);
                }
                // The record's probabilities are the published ones (probabilities(r)).
                for (int q = 0; q < quantiles; q++) {
                    double[] values = published.quantileValues()[q];
                    int same = sameAs(values, published);
                    if (same == OWN_VALUES) {
                        same = mirrorOf(published.quantileValues(), q, published.values());
                    }
                    out.put((byte) same);
                    if (same == OWN_VALUES) {
                        for (double v : values) {
                            out.putDouble(v);
                        }
                    }
                }
            } else {
                putFloats(out, f.forecast(), from);
                if ((flags & HAS_INTERVAL) != 0) {
                    putHalfWidths(out, f, from);
                }
            }
            if ((flags & HAS_BASE) != 0) {
                putFloats(out, f.base(), from);
            }
            if ((flags & HAS_NETWORK) != 0) {
                putFloats(out, f.network(), from);
            }
            if (quantiles > 0 && !newestPublished) {
                // A forecast made for other quantiles (the topology changed them) keeps none.
                boolean kept =
                        f.quantiles() != null && Arrays.equals(f.quantiles().probabilities(), probabilities);
                out.put((byte) (kept ? 1 : 0));
                if (kept) {
                    float[][] each = f.quantiles().values();
                    for (int q = 0; q < each.length; q++) {
                        float[] values = each[q];
                        int same = sameAs(values, f, from);
                        if (same == OWN_VALUES) {
                            same = mirrorOf(each, q, f.forecast(), from);
                        }
                        out.put((byte) same);
                        if (same == OWN_VALUES) {
                            putFloats(out, values, from);
                        }
                    }
                }
            }
            before = f;
        }
        return Arrays.copyOf(out.array(), out.position());
    }

    /**
     * Which of the forecast's own arrays a quantile's steps still to come repeat, or
     * {@link #OWN_VALUES}: the median is the point, and the quantiles at the main interval's
     * probabilities are its bounds, so those cost a byte instead of a float per step.
     */
    private static int sameAs(float[] values, RememberedForecast f, int from) {
        int n = values.length;
        if (Arrays.equals(values, from, n, f.forecast(), from, n)) {
            return SAME_AS_FORECAST;
        }
        if (f.lower() != null && Arrays.equals(values, from, n, f.lower(), from, n)) {
            return SAME_AS_LOWER;
        }
        if (f.upper() != null && Arrays.equals(values, from, n, f.upper(), from, n)) {
            return SAME_AS_UPPER;
        }
        return OWN_VALUES;
    }

    /**
     * {@link #MIRROR} + j when quantile q's steps still to come mirror an earlier quantile j's
     * around the point exactly as {@link RememberedQuantiles#mirrored} computes them (the upper
     * quantile of a pair, as {@link RememberedQuantiles#of} makes it), else {@link #OWN_VALUES}.
     */
    private static int mirrorOf(float[][] quantiles, int q, float[] forecast, int from) {
        for (int j = 0; j < q && j < MAX_MIRRORED; j++) {
            boolean mirrors = true;
            for (int h = from; h < forecast.length && mirrors; h++) {
                mirrors =
                        Float.compare(quantiles[q][h], RememberedQuantiles.mirrored(forecast[h], quantiles[j][h])) == 0;
            }
            if (mirrors) {
                return MIRROR + j;
            }
        }
        return OWN_VALUES;
    }

    /** {@link #mirrorOf(float[][], int, float[], int)} for the newest forecast as published, in doubles. */
    private static int mirrorOf(double[][] quantiles, int q, double[] values) {
        for (int j = 0; j < q && j < MAX_MIRRORED; j++) {
            boolean mirrors = true;
            for (int h = 0; h < values.length && mirrors; h++) {
                mirrors =
                        Double.compare(quantiles[q][h], RememberedQuantiles.mirrored(values[h], quantiles[j][h])) == 0;
            }
            if (mirrors) {
                return MIRROR + j;
            }
        }
        return OWN_VALUES;
    }

    /** {@link #sameAs(float[], RememberedForecast, int)} for the newest forecast as published, in doubles. */
    private static int sameAs(double[] values, PublishedPoints published) {
        boolean point = true;
        boolean lower = true;
        boolean upper = true;
        for (int h = 0; h < values.length; h++) {
            double v = published.values()[h];
            double half = published.halfWidths()[h];
            point &= Double.compare(values[h], v) == 0;
            lower &= Double.compare(values[h], v - half) == 0;
            upper &= Double.compare(values[h], v + half) == 0;
        }
        return point ? SAME_AS_FORECAST : lower ? SAME_AS_LOWER : upper ? SAME_AS_UPPER : OWN_VALUES;
    }

    /**
     * The quantiles the record keeps: the newest forecast's (as published, when known), so that a
     * change of {@code interval.quantiles} drops the older forecasts' instead of mixing two sets.
     */
    private static double[] probabilities(RecentForecasts r) {
        PublishedPoints published = r.newestPublished();
        if (published != null) {
            return published.probabilities();
        }
        RememberedForecast newest = r.newest();
        return newest == null || newest.quantiles() == null
                ? new double[0]
                : newest.quantiles().probabilities();
    }

    public static RecentForecasts fromBytes(byte[] b) {
        if (b[0] == FORMAT || b[0] == FORMAT_WITHOUT_QUANTILES) {
            return fromDeltaHeaders(b);
        }
        if (b[0] == FORMAT_FIXED_HEADERS) {
            return fromFixedHeaders(b);
        }
        // A slot entry of the one-forecast-per-entry layout.
        return new RecentForecasts(List.of(RememberedForecastSerde.fromBytes(b)));
    }

    private static RecentForecasts fromDeltaHeaders(byte[] b) {
        boolean withQuantiles = b[0] == FORMAT;
        ByteBuffer in = ByteBuffer.wrap(b, 1, b.length - 1);
        int n = ByteUtils.readUnsignedVarint(in);
        long newest = ByteUtils.readVarlong(in);
        double[] probabilities = withQuantiles ? getDoubles(in, ByteUtils.readUnsignedVarint(in)) : new double[0];
        int quantiles = probabilities.length;
        List<RememberedForecast> all = new ArrayList<>(n);
        PublishedPoints published = null;
        long version = 0;
        long originMillis = 0;
        String model = null;
        int horizon = 0;
        for (int i = 0; i < n; i++) {
            int flags = in.get() & 0xFF;
            long origin = newest - ByteUtils.readVarlong(in);
            version += ByteUtils.readVarlong(in);
            originMillis += ByteUtils.readVarlong(in);
            if ((flags & SAME_MODEL) == 0) {
                model = modelName(in);
            }
            if ((flags & SAME_HORIZON) == 0) {
                horizon = ByteUtils.readUnsignedVarint(in);
            }
            int from = (int) Math.min(horizon, Math.max(0, newest - origin));
            float[] forecast;
            float[] lower = null;
            float[] upper = null;
            RememberedQuantiles kept = null;
            boolean isPublished = (flags & PUBLISHED) != 0;
            if (isPublished) {
                published = published(in, horizon, probabilities);
                forecast = new float[horizon];
                lower = new float[horizon];
                upper = new float[horizon];
                for (int h = 0; h < horizon; h++) {
                    // As the emitter rounded them when it made the forecast.
                    double v = published.values()[h];
                    double half = published.halfWidths()[h];
                    forecast[h] = (float) v;
                    lower[h] = (float) (v - half);
                    upper[h] = (float) (v + half);
                }
                kept = quantiles == 0 ? null : asFloats(published, forecast);
            } else {
                forecast = getFloats(in, horizon, from);
                if ((flags & HAS_INTERVAL) != 0) {
                    lower = unknown(horizon, from);
                    upper = unknown(horizon, from);
                    getHalfWidths(in, forecast, lower, upper, from);
                }
            }
            float[] base = base(in, flags, forecast, from);
            float[] network = network(in, flags, forecast, from);
            if (quantiles > 0 && !isPublished && in.get() == 1) {
                float[][] values = new float[quantiles][];
                for (int q = 0; q < quantiles; q++) {
                    int same = in.get();
                    values[q] = switch (same) {
                        case SAME_AS_FORECAST -> forecast;
                        case SAME_AS_LOWER -> lower;
                        case SAME_AS_UPPER -> upper;
                        case OWN_VALUES -> getFloats(in, horizon, from);
                        default -> mirrored(forecast, values[same - MIRROR], from);
                    };
                }
                kept = new RememberedQuantiles(probabilities, values);
            }
            all.add(new RememberedForecast(
                    origin, model, forecast, lower, upper, base, network, version, originMillis, kept));
        }
        return new RecentForecasts(all, published);
    }

    /** The model name at the buffer's position (varint length, UTF-8 bytes), past it after. */
    private static String modelName(ByteBuffer in) {
        return ModelNames.SHARED.read(in, ByteUtils.readUnsignedVarint(in));
    }

    private static PublishedPoints published(ByteBuffer in, int horizon, double[] probabilities) {
        double[] values = getDoubles(in, horizon);
        double[] halfWidths = getDoubles(in, horizon);
        if (probabilities.length == 0) {
            return new PublishedPoints(values, halfWidths);
        }
        double[][] quantileValues = new double[probabilities.length][];
        for (int q = 0; q < probabilities.length; q++) {
            int same = in.get();
            if (same == OWN_VALUES) {
                quantileValues[q] = getDoubles(in, horizon);
                continue;
            }
            quantileValues[q] = new double[horizon];
            for (int h = 0; h < horizon; h++) {
                // Bit for bit what was published: the writer checked that these give it.
                quantileValues[q][h] = same >= MIRROR
                        ? RememberedQuantiles.mirrored(values[h], quantileValues[same - MIRROR][h])
                        : same == SAME_AS_FORECAST
                                ? values[h]
                                : same == SAME_AS_LOWER ? values[h] - halfWidths[h] : values[h] + halfWidths[h];
            }
        }
        return new PublishedPoints(values, halfWidths, probabilities, quantileValues);
    }

    /** The published quantiles' float copy, for scoring, as the emitter made it. */
    private static RememberedQuantiles asFloats(PublishedPoints published, float[] forecast) {
        return RememberedQuantiles.of(published.probabilities(), published.quantileValues(), forecast);
    }

    /** Steps {@code from} on of the quantile mirroring {@code other} around {@code forecast}; NaN before. */
    private static float[] mirrored(float[] forecast, float[] other, int from) {
        float[] a = unknown(forecast.length, from);
        for (int h = from; h < forecast.length; h++) {
            a[h] = RememberedQuantiles.mirrored(forecast[h], other[h]);
        }
        return a;
    }

    private static RecentForecasts fromFixedHeaders(byte[] b) {
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
                lower = unknown(horizon, from);
                upper = unknown(horizon, from);
                getHalfWidths(in, forecast, lower, upper, from);
            }
            all.add(new RememberedForecast(
                    origin,
                    new String(model, StandardCharsets.UTF_8),
                    forecast,
                    lower,
                    upper,
                    base(in, flags, forecast, from),
                    network(in, flags, forecast, from),
                    version,
                    originMillis));
        }
        return new RecentForecasts(all);
    }

    private static float[] base(ByteBuffer in, int flags, float[] forecast, int from) {
        return (flags & HAS_BASE) != 0
                ? getFloats(in, forecast.length, from)
                : (flags & BASE_IS_FORECAST) != 0 ? forecast : null;
    }

    private static float[] network(ByteBuffer in, int flags, float[] forecast, int from) {
        return (flags & HAS_NETWORK) != 0
                ? getFloats(in, forecast.length, from)
                : (flags & NETWORK_IS_FORECAST) != 0 ? forecast : null;
    }

    private static void putHalfWidths(ByteBuffer out, RememberedForecast f, int from) {
        for (int h = from; h < f.forecast().length; h++) {
            out.putFloat((f.upper()[h] - f.lower()[h]) / 2);
        }
    }

    private static void getHalfWidths(ByteBuffer in, float[] forecast, float[] lower, float[] upper, int from) {
        for (int h = from; h < forecast.length; h++) {
            float half = in.getFloat();
            lower[h] = forecast[h] - half;
            upper[h] = forecast[h] + half;
        }
    }

    private static double[] getDoubles(ByteBuffer in, int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = in.getDouble();
        }
        return a;
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

    private static void putFloats(ByteBuffer out, float[] a, int from) {
        for (int h = from; h < a.length; h++) {
            out.putFloat(a[h]);
        }
    }

    private static float[] getFloats(ByteBuffer in, int n, int from) {
        float[] a = unknown(n, from);
        for (int h = from; h < n; h++) {
            a[h] = in.getFloat();
        }
        return a;
    }

    /** An array of n steps whose first {@code from} are past (NaN); the caller fills the rest. */
    private static float[] unknown(int n, int from) {
        float[] a = new float[n];
        Arrays.fill(a, 0, from, Float.NaN);
        return a;
    }
}
