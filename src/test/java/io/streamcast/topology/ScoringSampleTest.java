package io.streamcast.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.config.ConfigException;
import io.streamcast.config.YamlConfig;
import io.streamcast.series.RecentForecasts;
import io.streamcast.series.RememberedForecast;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A task scores every forecast until it has 400 series; past that one origin in k of each series,
 * k growing with the series up to the horizon, in phases spread over the series; a series' record
 * drops a superseded forecast outside the sample and keeps the newest always.
 */
class ScoringSampleTest {
    private static final int H = 12;

    @Test
    void everyForecastIsScoredUntilATaskHasTwiceThePerStepCountOfSeries() {
        assertEquals(1, ScoringSample.every(0, H, 200));
        assertEquals(1, ScoringSample.every(399, H, 200));
        assertEquals(2, ScoringSample.every(400, H, 200));
        assertEquals(12, ScoringSample.every(2_500, H, 200));
        assertEquals(12, ScoringSample.every(1_000_000, H, 200));
        assertEquals(3, ScoringSample.every(1_000_000, 3, 200), "never more than the horizon");
        assertEquals(1, ScoringSample.every(1_000_000, H, 0), "scoring.perStep 0: every forecast");
        assertEquals(10, ScoringSample.every(1_000, H, 100));
    }

    @Test
    void scoringPerStepIsAFieldOfTheTopologyAndANegativeOneIsRefusedNamingIt() {
        assertEquals(200, YamlConfig.parseTopology("name: t\n", List.of()).scoring.perStep);
        assertEquals(0, YamlConfig.parseTopology("name: t\nscoring: { perStep: 0 }\n", List.of()).scoring.perStep);
        ConfigException e = assertThrows(
                ConfigException.class, () -> YamlConfig.parseTopology("name: t\n", List.of("scoring.perStep=-1")));
        assertTrue(e.getMessage().contains("scoring.perStep"), e.getMessage());
    }

    @Test
    void eachSeriesIsSampledOnceEveryKOriginsAndATimeStepSamplesAboutOneSeriesInK() {
        AtomicLong seriesInTask = new AtomicLong(1_000);
        ScoringSample sample = new ScoringSample(H, 200, seriesInTask::get);
        int k = sample.every();
        assertEquals(5, k);
        int[] perOrigin = new int[k];
        for (int s = 0; s < 1_000; s++) {
            String series = "sensor-" + s;
            int sampled = 0;
            for (long origin = 100; origin < 100 + k; origin++) {
                if (sample.includes(series, origin)) {
                    sampled++;
                    perOrigin[(int) (origin - 100)]++;
                }
            }
            assertEquals(1, sampled, series);
        }
        for (int n : perOrigin) {
            // A cross-section each time step, not the same few series: 200 expected of 1,000.
            assertTrue(n > 150 && n < 250, "series sampled at one origin: " + n);
        }
        assertEquals(200, sample.scoredSeries());
        seriesInTask.set(10);
        assertTrue(sample.includes("sensor-1", 7), "a small task scores everything");
        assertEquals(10, sample.scoredSeries());
    }

    @Test
    void aSupersededForecastOutsideTheSampleLeavesTheRecordAndTheNewestAlwaysStays() {
        RecentForecasts recent = RecentForecasts.NONE;
        // Origins 0..20, one forecast each; only multiples of 4 are in the sample.
        for (long origin = 0; origin <= 20; origin++) {
            recent = recent.with(made(origin), null, recent.newestOrigin() % 4 == 0);
        }
        List<Long> origins =
                recent.forecasts().stream().map(RememberedForecast::originIndex).toList();
        // Steps still to come after origin 20: origins 9..20; of those superseded, the sampled ones.
        assertEquals(List.of(12L, 16L, 20L), origins);
        assertEquals(20, recent.newestOrigin());
        recent = recent.with(made(21), null, recent.newestOrigin() % 4 == 0);
        assertEquals(
                List.of(12L, 16L, 20L, 21L),
                recent.forecasts().stream().map(RememberedForecast::originIndex).toList());
        recent = recent.with(made(22), null, recent.newestOrigin() % 4 == 0);
        assertEquals(
                List.of(12L, 16L, 20L, 22L),
                recent.forecasts().stream().map(RememberedForecast::originIndex).toList(),
                "21 superseded outside the sample");
    }

    @Test
    void onlyTheNewestOutsideTheSampleGoesUnscored() {
        AtomicLong seriesInTask = new AtomicLong(2_400);
        ScoringSample sample = new ScoringSample(H, 200, seriesInTask::get);
        String series = "s";
        long in = 0;
        while (!sample.includes(series, in)) {
            in++;
        }
        RecentForecasts sampledNewest = RecentForecasts.NONE.with(made(in), null);
        assertEquals(-1, sample.unscoredOrigin(series, sampledNewest));
        RecentForecasts outside =
                sampledNewest.with(made(in + 1), null, sample.includes(series, sampledNewest.newestOrigin()));
        assertEquals(in + 1, sample.unscoredOrigin(series, outside));
        assertEquals(-1, sample.unscoredOrigin(series, RecentForecasts.NONE));
    }

    private static RememberedForecast made(long origin) {
        float[] values = new float[H];
        return new RememberedForecast(origin, "ets", values, values.clone(), values.clone());
    }
}
