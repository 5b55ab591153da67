package io.streamcast.series;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.training.SmoothingFit;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SmoothingTest {
    private static final int M = 12;
    private static final double[] SEASON = {-8, -5, 0, 3, 6, 9, 10, 7, 2, -3, -8, -13};

    private static double additive(int i) {
        return 200 + 1.5 * i + SEASON[i % M];
    }

    private static double multiplicative(int i) {
        return 100 * Math.pow(1.01, i) * (1 + SEASON[i % M] / 40.0);
    }

    @Test
    void learnsLevelTrendAndSeasonOfAnAdditiveSeries() {
        SmoothingParams p = new SmoothingParams(0.3, 0.1, 0.3, 1.0, false);
        Smoothing s = new Smoothing(M, false);
        int n = 240;
        for (int i = 0; i < n; i++) {
            s.update(additive(i), p);
        }
        double[] f = s.forecast(M, p);
        for (int h = 1; h <= M; h++) {
            // The first seasons' trend leaks into the initial seasonal terms and decays slowly: within 0.1%.
            assertEquals(additive(n - 1 + h), f[h - 1], 0.001 * additive(n - 1 + h), "h=" + h);
        }
    }

    @Test
    void theLogScaleFollowsMultiplicativeGrowthThatTheLinearScaleLags() {
        SmoothingParams log = new SmoothingParams(0.3, 0.1, 0.3, 1.0, true);
        SmoothingParams linear = new SmoothingParams(0.3, 0.1, 0.3, 1.0, false);
        Smoothing a = new Smoothing(M, true);
        Smoothing b = new Smoothing(M, false);
        int n = 144;
        for (int i = 0; i < n; i++) {
            a.update(multiplicative(i), log);
            b.update(multiplicative(i), linear);
        }
        double logError = 0;
        double linearError = 0;
        for (int h = 1; h <= M; h++) {
            logError += Math.abs(a.forecast(M, log)[h - 1] - multiplicative(n - 1 + h));
            linearError += Math.abs(b.forecast(M, linear)[h - 1] - multiplicative(n - 1 + h));
        }
        assertTrue(logError < 0.01 * M * multiplicative(n), "log scale error " + logError);
        assertTrue(logError < linearError / 3, "log " + logError + " vs linear " + linearError);
    }

    /**
     * A fixed season under noise, as a short monthly series has: with gamma 0 the seasonal terms
     * are the running means of the first seasons' deviations, so after six seasons they are three
     * times as accurate as the two-season estimate (noise averaged over 6 values instead of 2),
     * and they stop moving once the averaging seasons are over.
     */
    @Test
    void theSeasonOfANoisySeriesIsAveragedOverItsFirstSeasons() {
        SmoothingParams p = new SmoothingParams(0.1, 0, 0, 1.0, false);
        double twoSeasons = 0;
        double sixSeasons = 0;
        Random random = new Random(7);
        for (int trial = 0; trial < 200; trial++) {
            Smoothing s = new Smoothing(M, false);
            for (int i = 0; i < 6 * M; i++) {
                s.update(100 + SEASON[i % M] + 4 * random.nextGaussian(), p);
                if (i == 2 * M - 1) {
                    twoSeasons += seasonError(s);
                }
            }
            sixSeasons += seasonError(s);
        }
        // Expected ratio sqrt(6/2) = 1.7 from the noise alone; the level's own noise shares it.
        assertTrue(sixSeasons < twoSeasons / 1.5, "six seasons " + sixSeasons + " vs two " + twoSeasons);

        Smoothing late = new Smoothing(M, false);
        for (int i = 0; i < (Smoothing.AVERAGING_SEASONS + 1) * M; i++) {
            late.update(100 + SEASON[i % M] + 4 * random.nextGaussian(), p);
        }
        double[] before = new double[M];
        for (int h = 1; h <= M; h++) {
            before[h - 1] = late.seasonAhead(h);
        }
        for (int i = 0; i < M; i++) {
            late.update(100 + 50 * random.nextGaussian(), p);
        }
        for (int h = 1; h <= M; h++) {
            assertEquals(before[h - 1], late.seasonAhead(h), 1e-12, "gamma 0 keeps the averaged season, h=" + h);
        }
    }

    /** Mean absolute error of the seasonal terms (centred) against {@link #SEASON}, phases of the next season. */
    private static double seasonError(Smoothing s) {
        double[] terms = new double[M];
        double mean = 0;
        for (int h = 1; h <= M; h++) {
            terms[h - 1] = s.seasonAhead(h);
            mean += terms[h - 1] / M;
        }
        double error = 0;
        for (int h = 1; h <= M; h++) {
            int phase = (int) ((s.seen() - 1 + h) % M);
            error += Math.abs(terms[h - 1] - mean - SEASON[phase]) / M;
        }
        return error;
    }

    @Test
    void forecastsOnlyAfterTwoSeasons() {
        Smoothing s = new Smoothing(M, false);
        for (int i = 0; i < 2 * M - 1; i++) {
            s.update(additive(i), SmoothingParams.DEFAULT);
            assertFalse(s.ready());
        }
        s.update(additive(2 * M - 1), SmoothingParams.DEFAULT);
        assertTrue(s.ready());
    }

    @Test
    void aLogScaleSeriesThatMeetsZeroGoesOnOnTheLinearScale() {
        SmoothingParams p = new SmoothingParams(0.3, 0.05, 0.2, 0.95, true);
        SeriesState state = new SeriesState(M, true);
        for (int i = 0; i < 40; i++) {
            state.append(i, multiplicative(i), 60, M, 6, p);
        }
        assertTrue(state.smoothing().log());
        state.append(40, 0.0, 60, M, 6, p);
        state.append(41, -3.0, 60, M, 6, p);
        assertFalse(state.smoothing().log());
        assertFalse(state.lagged().log());
        for (double f : state.smoothing().forecast(M, p)) {
            assertTrue(Double.isFinite(f));
        }
    }

    @Test
    void storedStateForecastsExactlyLikeTheLiveOne() {
        SmoothingParams p = new SmoothingParams(0.2, 0.05, 0.3, 0.9, true);
        SeriesState state = new SeriesState(M, true);
        for (int i = 0; i < 50; i++) {
            state.append(i, multiplicative(i), 60, M, 6, p);
        }
        SeriesState restored = SeriesStateSerde.fromBytes(SeriesStateSerde.toBytes(state));
        assertArrayEquals(state.smoothing().forecast(M, p), restored.smoothing().forecast(M, p));
        assertArrayEquals(state.lagged().forecast(M, p), restored.lagged().forecast(M, p));
        restored.append(50, multiplicative(50), 60, M, 6, p);
        state.append(50, multiplicative(50), 60, M, 6, p);
        assertArrayEquals(state.smoothing().forecast(M, p), restored.smoothing().forecast(M, p));
    }

    /** The lagged state is the current one as of horizon values earlier: what the example completed now was forecast from. */
    @Test
    void theLaggedStateIsTheStateHorizonStepsAgo() {
        SmoothingParams p = SmoothingParams.DEFAULT;
        SeriesState state = new SeriesState(M, false);
        Smoothing reference = new Smoothing(M, false);
        int horizon = 6;
        for (int i = 0; i < 60; i++) {
            state.append(i, additive(i), 60, M, horizon, p);
            if (i < 60 - horizon) {
                reference.update(additive(i), p);
            }
        }
        assertArrayEquals(reference.forecast(M, p), state.lagged().forecast(M, p), 1e-9);
    }

    @Test
    void fittingChoosesTheLogScaleForMultiplicativeSeriesAndFastLevelsForRandomWalks() {
        double[] growth = new double[144];
        for (int i = 0; i < growth.length; i++) {
            growth[i] = multiplicative(i);
        }
        assertTrue(SmoothingFit.fit(Map.of("growth", growth), M, M, false)
                .topology()
                .log());

        Random random = new Random(7);
        double[] walk = new double[200];
        walk[0] = 50;
        for (int i = 1; i < walk.length; i++) {
            walk[i] = walk[i - 1] + random.nextGaussian();
        }
        SmoothingParams fitted =
                SmoothingFit.fit(Map.of("walk", walk), 1, 6, false).topology();
        assertTrue(fitted.alpha() >= 0.7, "a random walk is best forecast by its last value: alpha " + fitted.alpha());
    }

    /**
     * One faulty reading (200 noise units too high) in a noisy seasonal series: the plain base
     * takes it into its level and that phase's seasonal term, so its forecasts stay off for a
     * season; the robust base ({@code base.robust: 3}) takes it as three of its recent one-step
     * errors, and a season later forecasts within about one noise unit of the base that never
     * saw the fault.
     */
    @Test
    void aRobustBaseTakesOneFaultyReadingAsAFewStandardDeviationsAndForgetsItWithinASeason() {
        SmoothingParams plain = new SmoothingParams(0.3, 0.05, 0.3, 0.95, false);
        SmoothingParams robust = plain.withRobust(3);
        Random noise = new Random(7);
        int n = 120;
        int fault = 100;
        double[] clean = new double[n];
        for (int i = 0; i < n; i++) {
            clean[i] = additive(i) + noise.nextGaussian();
        }
        double[] faulty = clean.clone();
        faulty[fault] += 200;
        Smoothing reference = Smoothing.of(clean, M, false, robust);
        Smoothing robustFaulty = Smoothing.of(faulty, M, false, robust);
        Smoothing plainFaulty = Smoothing.of(faulty, M, false, plain);
        Smoothing plainClean = Smoothing.of(clean, M, false, plain);
        double robustOff = 0;
        double plainOff = 0;
        double[] r = robustFaulty.forecast(M, robust);
        double[] ref = reference.forecast(M, robust);
        double[] p = plainFaulty.forecast(M, plain);
        double[] pref = plainClean.forecast(M, plain);
        for (int h = 0; h < M; h++) {
            robustOff = Math.max(robustOff, Math.abs(r[h] - ref[h]));
            plainOff = Math.max(plainOff, Math.abs(p[h] - pref[h]));
        }
        // Measured: robust 1.0, plain 34.9 (noise of standard deviation 1; the fault was 200).
        assertTrue(robustOff < 1.5, "robust base off by " + robustOff + " a season after the fault");
        assertTrue(plainOff > 20 * robustOff, "the plain base carries the fault: off by " + plainOff);
    }

    /**
     * A level shift is no fault: the second value in a row beyond the bound on the same side is
     * taken in full, so the robust base follows a new level one step late, not k scales a step.
     */
    @Test
    void aRobustBaseFollowsALevelShiftWithinAFewSteps() {
        SmoothingParams plain = new SmoothingParams(0.3, 0.05, 0.3, 0.95, false);
        SmoothingParams robust = plain.withRobust(3);
        Random noise = new Random(11);
        Smoothing a = new Smoothing(M, false);
        Smoothing b = new Smoothing(M, false);
        int shiftAt = 96;
        int n = shiftAt + 12;
        for (int i = 0; i < n; i++) {
            double y = additive(i) + noise.nextGaussian() + (i >= shiftAt ? 60 : 0);
            a.update(y, robust);
            b.update(y, plain);
        }
        double expected = additive(n) + 60;
        double robustError = Math.abs(a.forecast(1, robust)[0] - expected);
        double plainError = Math.abs(b.forecast(1, plain)[0] - expected);
        // Measured: robust 4.0, plain 14.8 (the second value beyond the bound is taken in full).
        assertTrue(robustError < 5, "a year after a shift of 60 the robust base is off by " + robustError);
        assertTrue(robustError < plainError + 3, "robust " + robustError + " vs plain " + plainError);
    }

    /** The robust scale is part of the state: a smoothing read back from its record forecasts exactly as the one that wrote it. */
    @Test
    void theRobustScaleSurvivesTheRecordAndAPlainStateWritesNone() {
        SmoothingParams robust = new SmoothingParams(0.3, 0.05, 0.3, 0.95, false, 3);
        double[] y = new double[60];
        for (int i = 0; i < y.length; i++) {
            y[i] = additive(i) + (i == 50 ? 100 : 0);
        }
        Smoothing s = Smoothing.of(y, M, false, robust);
        assertTrue(s.robustScale() > 0, "a robust base keeps its scale");
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(SmoothingCodec.size(s));
        SmoothingCodec.write(s, b);
        assertEquals(0, b.remaining(), "size() is what write() takes");
        b.flip();
        Smoothing back = SmoothingCodec.read(b);
        assertEquals(s.robustScale(), back.robustScale());
        s.update(500, robust);
        back.update(500, robust);
        assertArrayEquals(s.forecast(M, robust), back.forecast(M, robust));

        Smoothing plain = Smoothing.of(y, M, false, robust.withRobust(0));
        assertTrue(Float.isNaN(plain.robustScale()));
        assertEquals(SmoothingCodec.size(s) - Float.BYTES, SmoothingCodec.size(plain), "no scale, no bytes");
    }

    /** Checkpoints written before robust bases carry constants without {@code robust}: they read as not robust. */
    @Test
    void constantsSavedBeforeRobustBasesReadAsNotRobust() throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper().findAndRegisterModules();
        SmoothingParams old = json.readValue(
                "{\"alpha\":0.3,\"beta\":0.05,\"gamma\":0.2,\"phi\":0.95,\"log\":true}", SmoothingParams.class);
        assertEquals(new SmoothingParams(0.3, 0.05, 0.2, 0.95, true), old);
        SmoothingParams robust = old.withRobust(3);
        assertEquals(robust, json.readValue(json.writeValueAsString(robust), SmoothingParams.class));
    }
}
