package io.streamcast.series;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.utils.ByteUtils;
import org.junit.jupiter.api.Test;

/**
 * The series record is written for every observation: it holds what an observation changes (the
 * kept values, their residuals, the statistics and both smoothing states) and nothing that grows
 * with history or with the forecasts made; records of the older formats, which still carried the
 * forecasts awaiting actuals, are read and hand those forecasts over.
 */
class SeriesStateSerdeTest {
    private static final SmoothingParams PARAMS = new SmoothingParams(0.2, 0.05, 0.3, 0.9, true);
    /** The bench's shape: window 48, period 24, horizon 12 keep 48 + 24 + 12 values. */
    private static final int PERIOD = 24;

    private static final int HORIZON = 12;
    private static final int CAPACITY = 84;

    private static float[] series(float start, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = start + 0.37f * i;
        }
        return a;
    }

    private static SeriesState stateAfter(int observations) {
        SeriesState state = new SeriesState(PERIOD, true);
        for (int i = 0; i < observations; i++) {
            state.append(i, 10 + Math.sin(i * 2 * Math.PI / PERIOD) + i * 0.01, CAPACITY, PERIOD, HORIZON, PARAMS);
        }
        return state;
    }

    private static void assertSameState(SeriesState expected, SeriesState actual) {
        assertArrayEquals(expected.values(), actual.values());
        // A record with one residual per value (format 7 or older) has zeros for the oldest season: not read.
        int kept = expected.residuals().length;
        assertArrayEquals(expected.residuals(), actual.lastResiduals(kept));
        assertEquals(expected.count(), actual.count());
        assertEquals(expected.lastTsMillis(), actual.lastTsMillis());
        assertEquals(expected.sinceForecast(), actual.sinceForecast());
        assertEquals(expected.mean(), actual.mean());
        assertEquals(expected.variance(), actual.variance());
        assertEquals(expected.scale(), actual.scale());
        assertEquals(expected.lastFilledIndex(), actual.lastFilledIndex());
        assertArrayEquals(
                expected.smoothing().forecast(HORIZON, PARAMS),
                actual.smoothing().forecast(HORIZON, PARAMS));
        assertArrayEquals(
                expected.lagged().forecast(HORIZON, PARAMS), actual.lagged().forecast(HORIZON, PARAMS));
    }

    @Test
    void theRecordComesBackExactly() {
        SeriesState state = stateAfter(150);
        state.fillMissing(150, CAPACITY, PERIOD, HORIZON, PARAMS);
        state.strideDue(3);
        SeriesState back = SeriesStateSerde.fromBytes(SeriesStateSerde.toBytes(state));
        assertSameState(state, back);
        assertEquals(state.resolution(), back.resolution());
        assertTrue(back.takeLegacyAwaiting().isEmpty());
        // A new series (no values, no smoothing ready) too.
        SeriesState fresh = new SeriesState(PERIOD, false);
        SeriesState freshBack = SeriesStateSerde.fromBytes(SeriesStateSerde.toBytes(fresh));
        assertEquals(0, freshBack.count());
        assertEquals(0, freshBack.values().length);
    }

    /**
     * Format 9 carries the readings' resolution (the anomaly score's unit where an interval is
     * narrower): it survives a restart, and a format-8 record, the same bytes without it, reads as
     * no move seen yet.
     */
    @Test
    void theSmallestMoveComesBackAndAFormat8RecordHasNone() {
        SeriesState state = new SeriesState(PERIOD, false);
        double[] humidity = {44.38, 44.38, 44.41, 44.48, 44.44, 44.44};
        for (int i = 0; i < humidity.length; i++) {
            state.append(i, humidity[i], CAPACITY, PERIOD, HORIZON, PARAMS);
        }
        assertEquals(0.03, state.resolution(), 1e-6);
        byte[] record = SeriesStateSerde.toBytes(state);
        assertEquals(state.resolution(), SeriesStateSerde.fromBytes(record).resolution());
        byte[] format8 = Arrays.copyOf(record, record.length - Float.BYTES - 1);
        format8[0] = SeriesStateSerde.FORMAT_WITHOUT_RESOLUTION;
        SeriesState old = SeriesStateSerde.fromBytes(format8);
        assertEquals(0, old.resolution());
        assertArrayEquals(state.values(), old.values());
        old.append(6, 44.45, CAPACITY, PERIOD, HORIZON, PARAMS);
        old.append(7, 44.45, CAPACITY, PERIOD, HORIZON, PARAMS);
        assertEquals(0.01, old.resolution(), 1e-6, "measured again from the next moves");
    }

    /**
     * Format 7 carries the seasonal terms as floats, as the smoothing keeps them: 4 bytes fewer per
     * term and smoothing, and a format-6 record (terms as doubles) reads as the same state.
     */
    @Test
    void seasonalTermsTravelAsFloatsAndAFormat6RecordReadsTheSame() {
        SeriesState state = stateAfter(150);
        byte[] format7 = LegacySeriesRecords.format7(state);
        byte[] format6 = LegacySeriesRecords.format6(state);
        assertEquals(format6.length - 2 * 4 * PERIOD, format7.length, "own and lagged smoothing, 4 bytes per term");
        assertSameState(state, SeriesStateSerde.fromBytes(format6));
        assertSameState(state, SeriesStateSerde.fromBytes(format7));
    }

    /**
     * Residuals are kept for all but the oldest season of the kept values (the window at an origin
     * up to a horizon back is all the network reads), in two bytes each: format 8 writes those and
     * their count; a format-7 record, one float residual per value, reads as the same state,
     * forecasts the same, and is trimmed by its next observation.
     */
    @Test
    void residualsAreKeptOnlyWhereTheWindowReadsThemAndAFormat7RecordReadsTheSame() {
        SeriesState state = stateAfter(150);
        assertEquals(CAPACITY, state.values().length);
        assertEquals(CAPACITY - PERIOD, state.residuals().length, "window + horizon residuals");
        byte[] current = SeriesStateSerde.toBytes(state);
        byte[] format7 = LegacySeriesRecords.format7(state);
        assertTrue(
                format7.length - current.length >= 4 * CAPACITY - 2 * (CAPACITY - PERIOD),
                "two bytes per residual kept, instead of four per value: " + current.length + " vs " + format7.length);
        SeriesState older = SeriesStateSerde.fromBytes(format7);
        assertEquals(CAPACITY, older.residuals().length, "as written: one per value");
        assertSameState(state, older);
        state.append(150, 11.0, CAPACITY, PERIOD, HORIZON, PARAMS);
        older.append(150, 11.0, CAPACITY, PERIOD, HORIZON, PARAMS);
        assertArrayEquals(state.residuals(), older.residuals(), "trimmed by the next observation");
        assertArrayEquals(
                state.smoothing().forecast(HORIZON, PARAMS), older.smoothing().forecast(HORIZON, PARAMS));
    }

    /** Whether the newest observation waits for its forecast travels with the record; a record written before that reads as not waiting. */
    @Test
    void theQueuedOriginComesBackAndAnOlderFormat4RecordHasNone() {
        SeriesState state = stateAfter(150);
        assertEquals(
                SeriesState.NOT_QUEUED,
                SeriesStateSerde.fromBytes(SeriesStateSerde.toBytes(state)).queuedOrigin());
        state.queueOrigin(1_700_000_000_123L);
        assertEquals(
                1_700_000_000_123L,
                SeriesStateSerde.fromBytes(SeriesStateSerde.toBytes(state)).queuedOrigin());
        byte[] bytes = LegacySeriesRecords.format6(state);
        // Format 4: format 6's layout up to the newest fill's index, without the queued origin and the open fills.
        // (and without format 6's alternatives count and features width: one byte and an int)
        byte[] format4 = java.util.Arrays.copyOf(bytes, bytes.length - Long.BYTES - Integer.BYTES - 1 - Integer.BYTES);
        format4[0] = 4;
        SeriesState older = SeriesStateSerde.fromBytes(format4);
        assertEquals(SeriesState.NOT_QUEUED, older.queuedOrigin());
        assertSameState(state, older);
    }

    /** The candidates' one-step forecasts, own first, or null while an alternative is not kept or not ready. */
    private static double[] oneStepForecasts(SeriesState state, SmoothingParams[] alternatives) {
        double[] forecasts = new double[1 + alternatives.length];
        forecasts[0] = state.smoothing().oneStepForecast(PARAMS);
        for (int c = 1; c <= alternatives.length; c++) {
            Smoothing candidate = state.candidate(c);
            if (candidate == state.smoothing()) {
                return null;
            }
            forecasts[c] = candidate.oneStepForecast(alternatives[c - 1]);
        }
        return forecasts;
    }

    /**
     * An adaptive base's alternative smoothings travel with the record and forecast exactly as
     * before; a format-5 record (written before the base could adapt) reads as having none, and
     * its series starts them, as copies of its own smoothing, on the next observation.
     */
    @Test
    void alternativeSmoothingsComeBackAndAFormat5RecordHasNone() {
        SmoothingParams[] alternatives = {
            new SmoothingParams(0.5, 0.05, 0.3, 0.9, true), new SmoothingParams(0.8, 0.1, 0.3, 0.9, true)
        };
        SeriesState state = new SeriesState(PERIOD, true);
        for (int i = 0; i < 150; i++) {
            state.append(
                    i,
                    10 + Math.sin(i * 2 * Math.PI / PERIOD) + (i > 120 ? 3 : 0),
                    null,
                    CAPACITY,
                    PERIOD,
                    HORIZON,
                    PARAMS,
                    alternatives);
        }
        SeriesState back = SeriesStateSerde.fromBytes(SeriesStateSerde.toBytes(state));
        assertSameState(state, back);
        byte[] bytes = LegacySeriesRecords.format6(state);
        assertSameState(state, SeriesStateSerde.fromBytes(bytes));
        for (int c = 1; c <= 2; c++) {
            assertArrayEquals(
                    state.candidate(c).forecast(HORIZON, alternatives[c - 1]),
                    back.candidate(c).forecast(HORIZON, alternatives[c - 1]));
        }
        assertArrayEquals(oneStepForecasts(state, alternatives), oneStepForecasts(back, alternatives));
        // Format 5: the same record without the alternatives' count and states and the features' width.
        int alternativesBytes = 1
                + LegacySeriesRecords.smoothingSize(state.candidate(1), true)
                + LegacySeriesRecords.smoothingSize(state.candidate(2), true)
                + Integer.BYTES;
        byte[] format5 = Arrays.copyOf(bytes, bytes.length - alternativesBytes);
        format5[0] = 5;
        SeriesState older = SeriesStateSerde.fromBytes(format5);
        assertSameState(state, older);
        assertNull(oneStepForecasts(older, alternatives), "no alternatives to compare yet");
        older.append(150, 12.0, null, CAPACITY, PERIOD, HORIZON, PARAMS, alternatives);
        assertEquals(3, oneStepForecasts(older, alternatives).length, "started on the next observation");
    }

    /**
     * The record written per observation is its contents and a fixed header: 8 bytes per kept value,
     * 2 per residual (all values but the oldest season's), the two smoothing states (4 bytes per
     * seasonal term) and under 80 bytes more (counts, statistics, the queued origin, the
     * alternatives' count and the features' width), however long the series has run.
     */
    @Test
    void theRecordIsItsContentsAndDoesNotGrowWithHistory() {
        SeriesState state = stateAfter(3 * CAPACITY);
        int smoothing = 2 * (30 + 4 * PERIOD);
        int bound = CAPACITY * 8 + (CAPACITY - PERIOD) * 2 + smoothing + 80;
        int size = SeriesStateSerde.toBytes(state).length;
        assertTrue(size <= bound, "series record " + size + " bytes, its contents " + bound);
        assertEquals(size, SeriesStateSerde.toBytes(stateAfter(10 * CAPACITY)).length, "no growth with history");
    }

    /**
     * The performance issue's bound, on the bench's shape (window 48, period 24, horizon 12) with
     * the adaptive base online topologies run (two alternative smoothings): the record written per
     * observation is within twice the raw values it keeps.
     */
    @Test
    void anHourlySeriesWithAnAdaptiveBaseTakesWithinTwiceItsRawValues() {
        SmoothingParams[] alternatives = {
            new SmoothingParams(0.5, 0.05, 0.3, 0.9, true), new SmoothingParams(0.8, 0.1, 0.3, 0.9, true)
        };
        SeriesState state = new SeriesState(PERIOD, true);
        for (int i = 0; i < 10 * CAPACITY; i++) {
            state.append(
                    i, 10 + Math.sin(i * 2 * Math.PI / PERIOD), null, CAPACITY, PERIOD, HORIZON, PARAMS, alternatives);
        }
        state.queueOrigin(1_700_000_000_123L);
        int raw = CAPACITY * Double.BYTES;
        int record = SeriesStateSerde.toBytes(state).length;
        assertTrue(record <= 2 * raw, "series record " + record + " bytes, raw values " + raw);
        assertSameState(state, SeriesStateSerde.fromBytes(SeriesStateSerde.toBytes(state)));
    }

    /** Format 3 as it was written (remembered forecasts inside the record), to prove it is still read. */
    private static byte[] format3(SeriesState s, List<RememberedForecast> awaiting) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeByte(3);
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
        out.writeInt(awaiting.size());
        for (RememberedForecast p : awaiting) {
            out.writeLong(p.originIndex());
            out.writeUTF(p.model());
            writeFloats(out, p.forecast());
            boolean baseIsForecast = p.base() != null && Arrays.equals(p.base(), p.forecast());
            boolean networkIsForecast = p.network() != null && Arrays.equals(p.network(), p.forecast());
            out.writeByte(1 | (baseIsForecast ? 2 : 0) | (networkIsForecast ? 4 : 0));
            float[] half = new float[p.forecast().length];
            for (int h = 0; h < half.length; h++) {
                half[h] = (p.upper()[h] - p.lower()[h]) / 2;
            }
            writeFloats(out, half);
            writeFloats(out, baseIsForecast ? null : p.base());
            writeFloats(out, networkIsForecast ? null : p.network());
        }
        writeFloats(out, s.residuals());
        out.writeBoolean(true);
        for (Smoothing sm : List.of(s.smoothing(), s.lagged())) {
            ByteBuffer b = ByteBuffer.allocate(LegacySeriesRecords.smoothingSize(sm, true));
            LegacySeriesRecords.writeSmoothing(sm, b, true);
            out.write(b.array());
        }
        out.writeLong(s.lastFilledIndex());
        out.flush();
        return bytes.toByteArray();
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

    @Test
    void aFormat3RecordIsReadAndHandsOverItsRememberedForecasts() throws IOException {
        SeriesState state = stateAfter(60);
        float[] served = series(10, HORIZON);
        float[] half = series(0.5f, HORIZON);
        float[] lower = new float[HORIZON];
        float[] upper = new float[HORIZON];
        for (int h = 0; h < HORIZON; h++) {
            lower[h] = served[h] - half[h];
            upper[h] = served[h] + half[h];
        }
        float[] other = series(11, HORIZON);
        // The network served (its forecast is the served one), the base served, a fallback without either.
        List<RememberedForecast> awaiting = List.of(
                new RememberedForecast(27, "gru", served, lower, upper, other, served.clone()),
                new RememberedForecast(28, "ets", served, lower, upper, served.clone(), other),
                new RememberedForecast(29, "naive", served, lower, upper));

        SeriesState read = SeriesStateSerde.fromBytes(format3(state, awaiting));
        assertSameState(state, read);
        List<RememberedForecast> back = read.takeLegacyAwaiting();
        assertEquals(3, back.size());
        for (RememberedForecast p : back) {
            assertArrayEquals(served, p.forecast());
            assertArrayEquals(lower, p.lower(), 1e-5f);
            assertArrayEquals(upper, p.upper(), 1e-5f);
        }
        assertEquals("gru", back.get(0).model());
        assertEquals(27, back.get(0).originIndex());
        assertArrayEquals(other, back.get(0).base());
        assertArrayEquals(served, back.get(0).network());
        assertArrayEquals(served, back.get(1).base());
        assertArrayEquals(other, back.get(1).network());
        assertNull(back.get(2).base());
        assertNull(back.get(2).network());
        assertTrue(read.takeLegacyAwaiting().isEmpty(), "handed over once");

        // Written again, it is the current format: without them, and smaller by all of them.
        byte[] again = SeriesStateSerde.toBytes(read);
        assertEquals(9, again[0]);
        assertSameState(state, SeriesStateSerde.fromBytes(again));
        assertTrue(again.length < format3(state, awaiting).length - 3 * 2 * HORIZON * 4);
    }

    /** The steps still open to a late observation travel with the record: a restarted task takes the same late values. */
    @Test
    void stepsOpenToALateValueComeBackExactly() {
        SeriesState state = stateAfter(150);
        state.fillMissing(150, CAPACITY, PERIOD, HORIZON, PARAMS);
        state.fillMissing(151, CAPACITY, PERIOD, HORIZON, PARAMS);
        state.fillMissing(152, CAPACITY, PERIOD, HORIZON, PARAMS);
        state.append(153, 10.5, CAPACITY, PERIOD, HORIZON, PARAMS);
        state.replaceFill(2, 10.25, PERIOD, HORIZON, PARAMS);
        SeriesState back = SeriesStateSerde.fromBytes(SeriesStateSerde.toBytes(state));
        assertSameState(state, back);
        assertEquals(
                List.of(false, true, false, true, false), openSteps(back, 5), "steps back 0..4: two fills still open");
        // Open fills at indices 150 and 152 (steps back 3 and 1), the newest fill 152 instead of none (-1).
        int openFillBytes = ByteUtils.sizeOfVarlong(150) + ByteUtils.sizeOfVarlong(152);
        int newestFillBytes = ByteUtils.sizeOfVarlong(152) - ByteUtils.sizeOfVarlong(-1);
        assertEquals(
                SeriesStateSerde.toBytes(stateAfter(154)).length + openFillBytes + newestFillBytes,
                SeriesStateSerde.toBytes(state).length,
                "a varint per open fill, nothing when there is none");
    }

    /**
     * A record of format 4 (written before late values were taken) only knew its newest fill: that
     * one is open, the earlier fills of the same gap stay closed (refused as before), and no
     * observed value is ever taken for a fill. Format 5 is format 4 plus the open fills at the end.
     */
    @Test
    void aFormat4RecordOpensOnlyItsNewestFill() {
        SeriesState state = stateAfter(150);
        state.fillMissing(150, CAPACITY, PERIOD, HORIZON, PARAMS);
        state.fillMissing(151, CAPACITY, PERIOD, HORIZON, PARAMS);
        state.append(152, 10.5, CAPACITY, PERIOD, HORIZON, PARAMS);
        byte[] current = LegacySeriesRecords.format6(state);
        byte[] format4 = Arrays.copyOf(current, current.length - 4 - 2 * 8);
        format4[0] = 4;
        SeriesState read = SeriesStateSerde.fromBytes(format4);
        assertSameState(state, read);
        assertEquals(List.of(false, true, false, false), openSteps(read, 4));
        assertEquals(9, SeriesStateSerde.toBytes(read)[0], "written again in the current format");
    }

    private static List<Boolean> openSteps(SeriesState s, int n) {
        return java.util.stream.IntStream.range(0, n).mapToObj(s::isOpenFill).toList();
    }

    /**
     * A topology that turns {@code base.robust} on over running series: their records have no
     * robust scale, so each series starts it from the median absolute residual its window holds
     * (as a normal standard deviation), not from its next error alone, which could be a tiny one
     * and clip every normal error for days.
     */
    @Test
    void aSeriesKeptBeforeItsBaseBecameRobustStartsItsScaleFromTheWindowsResiduals() {
        java.util.Random noise = new java.util.Random(3);
        SeriesState state = new SeriesState(PERIOD, true);
        for (int i = 0; i < 150; i++) {
            state.append(
                    i,
                    10 + Math.sin(i * 2 * Math.PI / PERIOD) + 0.05 * noise.nextGaussian(),
                    CAPACITY,
                    PERIOD,
                    HORIZON,
                    PARAMS);
        }
        SeriesState kept = SeriesStateSerde.fromBytes(SeriesStateSerde.toBytes(state));
        assertTrue(Float.isNaN(kept.smoothing().robustScale()), "a plain base keeps no scale");
        float[] residuals = kept.residuals();
        double[] abs = new double[residuals.length];
        for (int i = 0; i < abs.length; i++) {
            abs[i] = Math.abs(residuals[i]);
        }
        java.util.Arrays.sort(abs);
        double median =
                abs.length % 2 == 1 ? abs[abs.length / 2] : 0.5 * (abs[abs.length / 2 - 1] + abs[abs.length / 2]);

        // The next value exactly as forecast: an error of 0, from which alone no scale could start.
        double asForecast = kept.smoothing().oneStepForecast(PARAMS);
        kept.append(150, asForecast, CAPACITY, PERIOD, HORIZON, PARAMS.withRobust(3));
        double scale = kept.smoothing().robustScale();
        assertTrue(
                scale > 1.4826 * median * 0.8 && scale < 1.4826 * median * 1.25, scale + " against " + 1.4826 * median);
        SeriesState back = SeriesStateSerde.fromBytes(SeriesStateSerde.toBytes(kept));
        assertEquals(kept.smoothing().robustScale(), back.smoothing().robustScale(), "the scale is kept from then on");
    }
}
