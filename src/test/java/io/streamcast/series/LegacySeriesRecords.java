package io.streamcast.series;

import java.nio.ByteBuffer;

/**
 * Series records as formats 6 and 7 wrote them (fixed-size fields, one float residual per value),
 * so tests can prove a running topology's stored state is still read after an upgrade. The service
 * writes only the current format.
 */
final class LegacySeriesRecords {
    private LegacySeriesRecords() {}

    /** Format 7: seasonal terms as floats. */
    static byte[] format7(SeriesState s) {
        return write(s, SeriesStateSerde.FORMAT_RESIDUAL_PER_VALUE);
    }

    /** Format 6: seasonal terms as doubles. */
    static byte[] format6(SeriesState s) {
        return write(s, SeriesStateSerde.FORMAT_DOUBLE_SEASONS);
    }

    /** Bytes of {@code s} in the fixed smoothing layout of formats 2 to 7. */
    static int smoothingSize(Smoothing s, boolean doubleSeasons) {
        return 1
                + 8
                + 1
                + 8
                + 8
                + 2
                + (doubleSeasons ? 8 : 4) * s.seasonTerms().length
                + 2
                + 8 * s.warmupValues().length;
    }

    static void writeSmoothing(Smoothing s, ByteBuffer out, boolean doubleSeasons) {
        out.put((byte) (s.log() ? 1 : 0));
        out.putLong(s.seen());
        out.put((byte) (s.ready() ? 1 : 0));
        out.putDouble(s.level());
        out.putDouble(s.trend());
        out.putShort((short) s.seasonTerms().length);
        for (float term : s.seasonTerms()) {
            if (doubleSeasons) {
                out.putDouble(term);
            } else {
                out.putFloat(term);
            }
        }
        out.putShort((short) s.warmupValues().length);
        for (double w : s.warmupValues()) {
            out.putDouble(w);
        }
    }

    private static byte[] write(SeriesState s, byte format) {
        boolean doubleSeasons = format == SeriesStateSerde.FORMAT_DOUBLE_SEASONS;
        double[] values = s.values();
        int smoothing = s.smoothing() == null
                ? 0
                : smoothingSize(s.smoothing(), doubleSeasons) + smoothingSize(s.lagged(), doubleSeasons);
        int alternatives = 1;
        for (Smoothing a : s.alternatives()) {
            alternatives += smoothingSize(a, doubleSeasons);
        }
        int size = 1
                + 8
                + 8
                + 4
                + 3 * 8
                + 4
                + values.length * (8 + 4)
                + 1
                + smoothing
                + 8
                + 8
                + 4
                + 8 * s.openFills().length
                + alternatives
                + 4
                + (s.featureWidth() == 0 ? 0 : 4 + 4 * s.features().length);
        ByteBuffer out = ByteBuffer.allocate(size);
        out.put(format);
        out.putLong(s.lastTsMillis());
        out.putLong(s.count());
        out.putInt(s.sinceForecast());
        out.putDouble(s.mean());
        out.putDouble(s.m2());
        out.putDouble(s.ewAbsSeasonalDiff());
        out.putInt(values.length);
        for (double v : values) {
            out.putDouble(v);
        }
        // One per value, aligned with the values' end; the oldest ones, not kept, as zeros.
        float[] residuals = s.residuals();
        int missing = values.length - residuals.length;
        for (int i = 0; i < values.length; i++) {
            out.putFloat(i < missing ? 0f : residuals[i - missing]);
        }
        out.put((byte) (s.smoothing() != null ? 1 : 0));
        if (s.smoothing() != null) {
            writeSmoothing(s.smoothing(), out, doubleSeasons);
            writeSmoothing(s.lagged(), out, doubleSeasons);
        }
        out.putLong(s.lastFilledIndex());
        out.putLong(s.queuedOrigin());
        out.putInt(s.openFills().length);
        for (long index : s.openFills()) {
            out.putLong(index);
        }
        out.put((byte) s.alternatives().length);
        for (Smoothing a : s.alternatives()) {
            writeSmoothing(a, out, doubleSeasons);
        }
        out.putInt(s.featureWidth());
        if (s.featureWidth() > 0) {
            out.putInt(s.featureLayout());
            for (float f : s.features()) {
                out.putFloat(f);
            }
        }
        return out.array();
    }
}
