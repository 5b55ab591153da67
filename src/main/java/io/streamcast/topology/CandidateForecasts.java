package io.streamcast.topology;

import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The adaptive base's candidates' recent forecasts for a bounded sample of a task's series, kept
 * in memory so that each arriving value scores every candidate at every horizon step it was
 * forecast for: what the {@link BaseSelector} compares the candidates by.
 *
 * <p>A candidate's error for a value is half its one-step error and half its mean error over the
 * forecasts made for that value from the last H origins (steps 1 to H). Why both: one-step errors
 * are known the moment a value arrives and show a break first, but a candidate that follows the
 * level faster wins one step ahead on smooth data and loses further out, and what serves is used
 * at every step. Measured with the base alone (2026-12-01): chosen on one-step errors, hourly
 * temperatures 0.654 against the fixed constants' 0.649, and on the 20 unseen R sets worse than
 * the fixed constants on 6 (seatbelt-law and other breaks that reversed; mean 0.831 against
 * 0.827); on all steps alone unemployment kept little of its gain (2.845 against 2.873 fixed);
 * half and half: hourly 0.649, unemployment 2.741, the unseen sets 0.814 and worse on none.
 *
 * <p>Why a sample in memory and not every series in its record: H forecasts per candidate would
 * take the series record, written for every observation, far past twice its raw values; the
 * choice is pooled over the task's series anyway, and a few hundred series give it that many
 * scored values per time step. Lost on a restart or a move (the selector's errors are saved; the
 * sample refills within a horizon). A member that has not been seen for two rounds of the task's
 * series (it stopped, or reports far less often than the rest) gives its place to the next series
 * that arrives, so a fleet that churns keeps a live sample. Thread-confined to one stream task.
 */
final class CandidateForecasts {
    /** Series per task at most, and at least, whatever the horizon. */
    static final int MAX_SERIES = 256;

    static final int MIN_SERIES = 16;
    /** What the sample may take of the heap per task: 4 bytes x candidates x H origins x H steps per series. */
    static final long MAX_BYTES = 2L * 1024 * 1024;

    private final int candidates;
    private final int horizon;
    private final int capacity;
    /** In access order: the first entry is the member seen longest ago. */
    private final Map<String, Track> tracks = new LinkedHashMap<>(16, 0.75f, true);
    /** Observations offered to {@link #tracks}: the clock members are seen by. */
    private long clock;

    /** One series' candidates' forecasts from its last {@code horizon} origins, a ring by origin index. */
    private static final class Track {
        final long[] origin;
        /** [slot][candidate][step]. */
        final float[][][] forecast;
        /** {@link #clock} when the series was last offered. */
        long seen;

        Track(int candidates, int horizon) {
            origin = new long[horizon];
            Arrays.fill(origin, -1);
            forecast = new float[horizon][candidates][horizon];
        }
    }

    CandidateForecasts(int candidates, int horizon) {
        this(candidates, horizon, seriesFor(candidates, horizon));
    }

    CandidateForecasts(int candidates, int horizon, int capacity) {
        if (candidates < 1 || horizon < 1 || capacity < 1) {
            throw new IllegalArgumentException("need candidates, a horizon and room for a series");
        }
        this.candidates = candidates;
        this.horizon = horizon;
        this.capacity = capacity;
    }

    /** The sample's size for this shape: {@link #MAX_SERIES}, fewer where long horizons would pass {@link #MAX_BYTES}. */
    static int seriesFor(int candidates, int horizon) {
        long perSeries = 4L * candidates * horizon * horizon;
        return (int) Math.max(MIN_SERIES, Math.min(MAX_SERIES, MAX_BYTES / perSeries));
    }

    int capacity() {
        return capacity;
    }

    /** Series in the sample now. */
    int tracked() {
        return tracks.size();
    }

    /** Whether {@code series} is in the sample now (without offering an observation). */
    boolean contains(String series) {
        return tracks.containsKey(series);
    }

    /**
     * Offers an observation of {@code series}, once per observation: whether the series is in the
     * sample, as a member, or joining while there is room or in place of the member seen longest
     * ago when that one missed two rounds of the {@code seriesInTask} series.
     */
    boolean tracks(String series, long seriesInTask) {
        clock++;
        Track track = tracks.get(series);
        if (track == null && tracks.size() >= capacity) {
            Iterator<Track> longestAgo = tracks.values().iterator();
            if (clock - longestAgo.next().seen <= 2 * Math.max(seriesInTask, capacity)) {
                return false;
            }
            longestAgo.remove();
        }
        if (track == null) {
            track = new Track(candidates, horizon);
            tracks.put(series, track);
        }
        track.seen = clock;
        return true;
    }

    /**
     * Writes into {@code errors} each candidate's error for the value {@code y}, about to take
     * index {@code index} of {@code series}: half its one-step error, half its mean error over the
     * forecasts its last origins made for that value, divided by {@code scale}. False, writing
     * nothing, without a one-step forecast from the origin just before.
     */
    boolean errors(String series, long index, double y, double scale, double[] errors) {
        Track track = tracks.get(series);
        if (track == null || !(scale > 0) || !Double.isFinite(y)) {
            return false;
        }
        int previous = slot(index - 1);
        if (track.origin[previous] != index - 1) {
            return false;
        }
        Arrays.fill(errors, 0);
        int scored = 0;
        for (int slot = 0; slot < horizon; slot++) {
            long k = index - track.origin[slot];
            if (track.origin[slot] < 0 || k < 1 || k > horizon) {
                continue;
            }
            for (int c = 0; c < candidates; c++) {
                errors[c] += Math.abs(y - track.forecast[slot][c][(int) k - 1]);
            }
            scored++;
        }
        for (int c = 0; c < candidates; c++) {
            double oneStep = Math.abs(y - track.forecast[previous][c][0]);
            errors[c] = (oneStep + errors[c] / scored) / 2 / scale;
        }
        return true;
    }

    /**
     * Remembers the candidates' forecasts ({@code forecasts[c]}, H values each) made at the origin
     * with index {@code originIndex}, in place of the origin a horizon before it.
     */
    void remember(String series, long originIndex, double[][] forecasts) {
        Track track = tracks.get(series);
        if (track == null) {
            return;
        }
        int slot = slot(originIndex);
        track.origin[slot] = originIndex;
        for (int c = 0; c < candidates; c++) {
            float[] into = track.forecast[slot][c];
            for (int h = 0; h < horizon; h++) {
                into[h] = (float) forecasts[c][h];
            }
        }
    }

    private int slot(long originIndex) {
        return (int) Math.floorMod(originIndex, (long) horizon);
    }
}
