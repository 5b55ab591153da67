package io.streamcast.topology;

import static io.streamcast.topology.TopologyHarness.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamcast.config.TopologySpec;
import io.streamcast.config.YamlConfig;
import io.streamcast.emit.Forecast;
import io.streamcast.emit.ForecastPoint;
import io.streamcast.ingest.Rejection;
import io.streamcast.metrics.MetricNames;
import io.streamcast.training.NetworkTaskModels;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hourly bars of a trading day (09:30 to 15:30 in New York, weekdays): a market feed, the most
 * common series on Kafka that is not read around the clock. On a plain hourly grid every night
 * was seventeen missing steps and every weekend sixty-five, filled in by the base, so no window
 * of a day or more was ever observed whole and neither pretraining nor online learning had a
 * single example. With {@code hours} (and {@code skipDays}) Friday's last bar is followed by
 * Monday's first.
 */
class TradingHoursSeriesTest {
    @TempDir
    Path stateDir;

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final int WEEKS = 4;
    private static final int BARS_PER_DAY = 7;

    private static TopologySpec spec(boolean sessions) {
        String yaml =
                """
                name: bars
                step: PT1H
                period: 7
                window: 14
                horizon: 7
                model: { cell: gru, hidden: 4, layers: 1 }
                training: { online: false }
                batching: { maxBatch: 16, maxDelayMs: 50 }
                """ + (sessions ? "zone: America/New_York\nskipDays: [saturday, sunday]\nhours: '09:30-15:30'\n" : "");
        return YamlConfig.parseTopology(yaml, List.of());
    }

    /** A bar's price: an intraday pattern (a dip after the open, a rise into the close) on a drift. */
    private static double price(int bar) {
        int inDay = bar % BARS_PER_DAY;
        return 100 + 0.1 * bar + (inDay == 1 ? -2 : 0) + (inDay == 6 ? 3 : 0) + 0.5 * Math.sin(bar);
    }

    /** The bars' timestamps: 09:30 to 15:30 New York time, weekdays, from 26 February 2024 (across 10 March). */
    private static List<Instant> bars() {
        List<Instant> bars = new ArrayList<>();
        for (LocalDate day = LocalDate.of(2024, 2, 26); bars.size() < WEEKS * 5 * BARS_PER_DAY; day = day.plusDays(1)) {
            if (day.getDayOfWeek().getValue() <= 5) {
                for (int b = 0; b < BARS_PER_DAY; b++) {
                    bars.add(ZonedDateTime.of(day, LocalTime.of(9, 30).plusHours(b), NEW_YORK)
                            .toInstant());
                }
            }
        }
        return bars;
    }

    @Test
    void theNightAndTheWeekendAreNoGapAndTheSeriesForecastsAsIfItTradedAroundTheClock() {
        TopologySpec spec = spec(true);
        List<Instant> bars = bars();
        List<Forecast> traded;
        try (TopologyHarness h =
                new TopologyHarness(spec, NetworkTaskModels.frozen(spec, null), stateDir.resolve("a"))) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            h.metrics.bindTo(registry);
            for (int i = 0; i < bars.size(); i++) {
                h.sendAt("SPY", bars.get(i), price(i), 1000L + i);
            }
            traded = h.flushAndReadRecords().stream().map(TestRecord::value).toList();

            assertEquals(
                    List.of(),
                    h.dlq.readRecordsToList().stream()
                            .map(r -> header(r, Rejection.DETAIL_HEADER))
                            .toList());
            assertEquals(
                    0, registry.get(MetricNames.STEPS_FILLED).functionCounter().count(), "a night is no gap");
            assertEquals(bars.size(), traded.size());
            for (Forecast f : traded) {
                for (ForecastPoint p : f.points()) {
                    assertTrue(bars.contains(p.ts()) || p.ts().isAfter(bars.get(bars.size() - 1)), p.ts() + "");
                    ZonedDateTime there = p.ts().atZone(NEW_YORK);
                    assertTrue(there.getDayOfWeek().getValue() <= 5, p.ts() + " on a weekday");
                    assertTrue(
                            !there.toLocalTime().isBefore(LocalTime.of(9, 30))
                                    && !there.toLocalTime().isAfter(LocalTime.of(15, 30)),
                            p.ts() + " within the trading day");
                }
            }
            Forecast fridayClose = traded.get(BARS_PER_DAY * 5 - 1);
            assertEquals(Instant.parse("2024-03-01T20:30:00Z"), fridayClose.origin());
            assertEquals(
                    Instant.parse("2024-03-04T14:30:00Z"),
                    fridayClose.points().get(0).ts(),
                    "Monday's open");
            Forecast beforeSummerTime = traded.get(BARS_PER_DAY * 10 - 1);
            assertEquals(
                    Instant.parse("2024-03-11T13:30:00Z"),
                    beforeSummerTime.points().get(0).ts(),
                    "09:30 in New York, an hour earlier in UTC from 10 March");
        }
        // The same prices an hour apart around the clock: the same forecasts, step for step.
        TopologySpec aroundTheClock = spec(false);
        try (TopologyHarness h = new TopologyHarness(
                aroundTheClock, NetworkTaskModels.frozen(aroundTheClock, null), stateDir.resolve("b"))) {
            Instant t0 = Instant.parse("2024-02-26T14:00:00Z");
            for (int i = 0; i < bars.size(); i++) {
                h.sendAt("SPY", t0.plusSeconds(3600L * i), price(i), 1000L + i);
            }
            List<Forecast> hourly =
                    h.flushAndReadRecords().stream().map(TestRecord::value).toList();
            assertEquals(traded.size(), hourly.size());
            for (int i = 0; i < traded.size(); i++) {
                assertEquals(
                        hourly.get(i).points().stream()
                                .map(ForecastPoint::value)
                                .toList(),
                        traded.get(i).points().stream()
                                .map(ForecastPoint::value)
                                .toList(),
                        "forecast " + i);
                assertEquals(hourly.get(i).model(), traded.get(i).model());
            }
        }
    }

    @Test
    void aReadingOutsideTheHoursIsDeadLetteredAndChangesNothing() {
        List<Instant> bars = bars().subList(0, 3 * 5 * BARS_PER_DAY);
        List<Forecast> clean;
        TopologySpec spec = spec(true);
        try (TopologyHarness h =
                new TopologyHarness(spec, NetworkTaskModels.frozen(spec, null), stateDir.resolve("a"))) {
            for (int i = 0; i < bars.size(); i++) {
                h.sendAt("SPY", bars.get(i), price(i), 1000L + i);
            }
            clean = h.flushAndReadRecords().stream().map(TestRecord::value).toList();
        }
        try (TopologyHarness h =
                new TopologyHarness(spec, NetworkTaskModels.frozen(spec, null), stateDir.resolve("b"))) {
            for (int i = 0; i < bars.size(); i++) {
                h.sendAt("SPY", bars.get(i), price(i), 1000L + i);
                if (i == 20) { // Wednesday's close, then an after-hours print at 18:00
                    h.sendAt("SPY", Instant.parse("2024-02-28T23:00:00Z"), 500, 1000L + i);
                }
            }
            List<Forecast> withAfterHours =
                    h.flushAndReadRecords().stream().map(TestRecord::value).toList();
            var dead = h.dlq.readRecordsToList();
            assertEquals(
                    List.of("OUTSIDE_HOURS"),
                    dead.stream().map(r -> header(r, Rejection.ERROR_HEADER)).toList());
            assertEquals(
                    "ts 2024-02-28T23:00:00Z is 18:00 (America/New_York), outside the topology's hours 09:30-15:30",
                    header(dead.get(0), Rejection.DETAIL_HEADER));
            assertEquals(clean, withAfterHours);
        }
    }

    /**
     * A plant's night shift, 22:00 to 04:00 in Berlin on the nights from Monday to Friday (Friday's
     * ends on Saturday morning): hours across midnight are one session, the night's last reading
     * is followed by the next night's first, and the series forecasts exactly what the same values
     * an hour apart around the clock do, across the change to summer time (31 March 2024).
     */
    @Test
    void aNightShiftAcrossMidnightIsOneSessionAndForecastsAsIfAroundTheClock() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        int perNight = 7;
        List<Instant> readings = new ArrayList<>();
        for (LocalDate night = LocalDate.of(2024, 3, 18);
                readings.size() < 3 * 5 * perNight;
                night = night.plusDays(1)) {
            if (night.getDayOfWeek().getValue() <= 5) {
                for (int h = 0; h < perNight; h++) {
                    readings.add(ZonedDateTime.of(night, LocalTime.of(22, 0), berlin)
                            .plusHours(h)
                            .toInstant());
                }
            }
        }
        String yaml = """
                name: shift
                step: PT1H
                period: 7
                window: 14
                horizon: 7
                model: { cell: gru, hidden: 4, layers: 1 }
                training: { online: false }
                batching: { maxBatch: 16, maxDelayMs: 50 }
                """;
        TopologySpec shift = YamlConfig.parseTopology(
                yaml + "zone: Europe/Berlin\nskipDays: [saturday, sunday]\nhours: '22:00-04:00'\n", List.of());
        List<Forecast> nights;
        try (TopologyHarness h =
                new TopologyHarness(shift, NetworkTaskModels.frozen(shift, null), stateDir.resolve("night"))) {
            for (int i = 0; i < readings.size(); i++) {
                h.sendAt("kiln", readings.get(i), price(i), 1000L + i);
            }
            nights = h.flushAndReadRecords().stream().map(TestRecord::value).toList();
            assertEquals(List.of(), h.dlq.readRecordsToList());
            Forecast fridayMorning = nights.get(5 * perNight - 1);
            assertEquals(Instant.parse("2024-03-23T03:00:00Z"), fridayMorning.origin(), "Saturday 04:00 in Berlin");
            assertEquals(
                    Instant.parse("2024-03-25T21:00:00Z"),
                    fridayMorning.points().get(0).ts(),
                    "Monday 22:00, an hour earlier in UTC after 31 March");
            for (Forecast f : nights) {
                for (ForecastPoint p : f.points()) {
                    LocalTime at = p.ts().atZone(berlin).toLocalTime();
                    assertTrue(
                            !at.isBefore(LocalTime.of(22, 0)) || !at.isAfter(LocalTime.of(4, 0)),
                            p.ts() + " in the shift");
                }
            }
        }
        TopologySpec aroundTheClock = YamlConfig.parseTopology(yaml, List.of());
        try (TopologyHarness h = new TopologyHarness(
                aroundTheClock, NetworkTaskModels.frozen(aroundTheClock, null), stateDir.resolve("clock"))) {
            Instant t0 = Instant.parse("2024-03-18T21:00:00Z");
            for (int i = 0; i < readings.size(); i++) {
                h.sendAt("kiln", t0.plusSeconds(3600L * i), price(i), 1000L + i);
            }
            List<Forecast> hourly =
                    h.flushAndReadRecords().stream().map(TestRecord::value).toList();
            assertEquals(nights.size(), hourly.size());
            for (int i = 0; i < nights.size(); i++) {
                assertEquals(
                        hourly.get(i).points().stream()
                                .map(ForecastPoint::value)
                                .toList(),
                        nights.get(i).points().stream()
                                .map(ForecastPoint::value)
                                .toList(),
                        "forecast " + i);
            }
        }
    }
}
