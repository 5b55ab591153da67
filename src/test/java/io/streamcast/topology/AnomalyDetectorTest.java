package io.streamcast.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.config.TopologySpec;
import io.streamcast.config.YamlConfig;
import io.streamcast.emit.Anomaly;
import io.streamcast.emit.AnomalySerde;
import io.streamcast.series.RememberedForecast;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which forecast judges an actual, when it is an anomaly, and its score. */
class AnomalyDetectorTest {
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    private static final long HOUR = 3_600_000L;
    /** The actual arriving at observation index 10, at T0 + 10 h. */
    private static final long INDEX = 10;

    private static final Instant TS = T0.plusMillis(INDEX * HOUR);

    private static AnomalyDetector detector(String... overrides) {
        TopologySpec spec = YamlConfig.parseTopology("""
                name: anomalies-test
                step: PT1H
                horizon: 3
                """, List.of(overrides));
        return new AnomalyDetector(spec);
    }

    /** Forecast 100 at every step, interval +-halfWidth, made at {@code origin} by version 7. */
    private static RememberedForecast made(long origin, String model, float halfWidth) {
        float[] f = {100, 100, 100};
        float[] lo = {100 - halfWidth, 100 - halfWidth, 100 - halfWidth};
        float[] hi = {100 + halfWidth, 100 + halfWidth, 100 + halfWidth};
        return new RememberedForecast(
                origin,
                model,
                f,
                lo,
                hi,
                null,
                null,
                7,
                T0.plusMillis(origin * HOUR).toEpochMilli());
    }

    @Test
    void anActualOutsideTheFreshestIntervalIsOneAnomalyScoredInHalfWidths() {
        // Three forecasts cover the actual (h = 3, 2, 1); the h = 1 one judges, whatever the others say.
        List<RememberedForecast> due = List.of(made(7, "ets", 50), made(8, "gru", 50), made(9, "gru", 10));
        Anomaly a = detector().judge("s1", due, INDEX, TS, 130, 5.0, 0);
        assertNotNull(a);
        assertEquals("s1", a.series());
        assertEquals(TS, a.ts());
        assertEquals(130, a.actual());
        assertEquals(100, a.forecast());
        assertEquals(90, a.lower());
        assertEquals(110, a.upper());
        assertEquals(1, a.h());
        assertEquals(T0.plusMillis(9 * HOUR), a.origin());
        assertEquals("gru", a.model());
        assertEquals(7L, a.version());
        assertEquals("anomalies-test", a.topology());
        assertEquals(2.0, a.score(), 1e-9, "20 beyond the upper bound, half-width 10");

        Anomaly below = detector().judge("s1", due, INDEX, TS, 85, 5.0, 0);
        assertEquals(0.5, below.score(), 1e-9, "5 below the lower bound");
    }

    @Test
    void theScoreGrowsWithTheDistanceOutside() {
        List<RememberedForecast> due = List.of(made(9, "ets", 10));
        double previous = 0;
        for (double actual = 110.5; actual < 200; actual += 7) {
            double score =
                    detector().judge("s1", due, INDEX, TS, actual, 5.0, 0).score();
            assertTrue(score > previous, actual + ": " + score);
            previous = score;
        }
    }

    @Test
    void anActualInsideTheFreshestIntervalIsNoAnomalyEvenOutsideOlderOnes() {
        List<RememberedForecast> due = List.of(made(7, "ets", 1), made(8, "ets", 1), made(9, "ets", 40));
        assertNull(detector().judge("s1", due, INDEX, TS, 130, 5.0, 0));
        assertNull(detector().judge("s1", due, INDEX, TS, 140, 5.0, 0), "the bound itself is inside");
    }

    @Test
    void fallbacksAndForecastsWithoutIntervalsJudgeNothing() {
        float[] f = {100, 100, 100};
        RememberedForecast noInterval = new RememberedForecast(9, "ets", f, null, null);
        assertNull(detector()
                .judge(
                        "s1",
                        List.of(noInterval, made(8, "naive", 1), made(9, "seasonal-naive", 1)),
                        INDEX,
                        TS,
                        1000,
                        5.0,
                        0));
        // An older forecast of the base judges when the fresher ones cannot.
        Anomaly a = detector().judge("s1", List.of(made(8, "ets", 1), noInterval), INDEX, TS, 1000, 5.0, 0);
        assertEquals(2, a.h());
    }

    @Test
    void maxStepAndMinScoreNarrowWhatIsReported() {
        List<RememberedForecast> older = List.of(made(7, "ets", 10), made(8, "ets", 10));
        assertNull(
                detector("anomaly.maxStep=1").judge("s1", older, INDEX, TS, 130, 5.0, 0), "no one-step-ahead forecast");
        assertEquals(
                2,
                detector("anomaly.maxStep=2")
                        .judge("s1", older, INDEX, TS, 130, 5.0, 0)
                        .h());
        assertNull(detector("anomaly.minScore=3").judge("s1", older, INDEX, TS, 130, 5.0, 0), "score 2");
        assertNotNull(detector("anomaly.minScore=2").judge("s1", older, INDEX, TS, 130, 5.0, 0));
    }

    @Test
    void aZeroWidthIntervalScoresInUnitsOfTheSeriesScale() {
        Anomaly a = detector().judge("s1", List.of(made(9, "ets", 0)), INDEX, TS, 110, 5.0, 0);
        assertEquals(2.0, a.score(), 1e-9);
    }

    /**
     * A humidity sensor that reads in steps of 0.03 %RH sat still long enough for its interval to
     * shrink to +-0.002 (suthaharan-single-hop-sensor-network, mote 2): its smallest possible move
     * scored 17 half-widths. The unit is now at least one quantum, so the move scores under 1 and
     * a real jump of many quanta still stands out.
     */
    @Test
    void aReadingsSmallestMovePastAnIntervalNarrowerThanItsQuantumScoresUnderOne() {
        List<RememberedForecast> due = List.of(made(9, "ets", 0.002f));
        double quantum = 0.03;
        Anomaly oneQuantum = detector().judge("s1", due, INDEX, TS, 100 + quantum, 5.0, quantum);
        assertTrue(oneQuantum.score() < 1, "one quantum: " + oneQuantum.score());
        assertTrue(
                detector().judge("s1", due, INDEX, TS, 100 + quantum, 5.0, 0).score() > 10,
                "without the quantum it was scored in half-widths of 0.002");
        Anomaly kettle = detector().judge("s1", due, INDEX, TS, 109, 5.0, quantum);
        assertTrue(kettle.score() > 250, "a jump of 9 %RH: " + kettle.score());
        assertEquals(
                2.0,
                detector()
                        .judge("s1", List.of(made(9, "ets", 10)), INDEX, TS, 130, 5.0, quantum)
                        .score(),
                1e-9,
                "an interval wider than the quantum scores in its half-widths as before");
    }

    @Test
    void aForecastRememberedWithoutVersionOrOriginStillReports() {
        float[] f = {100, 100, 100};
        float[] lo = {90, 90, 90};
        float[] hi = {110, 110, 110};
        Anomaly a =
                detector().judge("s1", List.of(new RememberedForecast(8, "ets", f, lo, hi)), INDEX, TS, 130, 5.0, 0);
        assertNull(a.version());
        assertEquals(T0.plusMillis(8 * HOUR), a.origin(), "two steps before the actual");
        String json = new String(AnomalySerde.toBytes(a), StandardCharsets.UTF_8);
        assertTrue(!json.contains("version"), json);
        assertEquals(a, AnomalySerde.fromBytes(json.getBytes(StandardCharsets.UTF_8)));
    }
}
