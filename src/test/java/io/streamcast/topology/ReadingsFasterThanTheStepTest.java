package io.streamcast.topology;

import static io.streamcast.topology.TopologyHarness.T0;
import static io.streamcast.topology.TopologyHarness.header;
import static io.streamcast.topology.TopologyHarness.hourlySpec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamcast.config.TopologySpec;
import io.streamcast.emit.Forecast;
import io.streamcast.emit.ForecastPoint;
import io.streamcast.ingest.Rejection;
import io.streamcast.metrics.MetricNames;
import io.streamcast.training.NetworkTaskModels;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.IntToDoubleFunction;
import java.util.stream.Collectors;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sensor read every minute, forecast by the hour. Without {@code aggregate} every reading after
 * an hour's first was dead-lettered DUPLICATE_TS (59 of 60) and the hour's value was whatever its
 * first minute read; with it each hour's readings make one observation, and the series forecasts
 * exactly as the hourly means sent once an hour would.
 */
class ReadingsFasterThanTheStepTest {
    @TempDir
    Path stateDir;

    private static final int HOURS = 40;

    /** The hour's mean: a season of four hours on a slow rise. */
    private static double hourly(int hour) {
        return 20 + 3 * ((hour % 4) - 1.5) + 0.05 * hour;
    }

    /** Minute m of the hour: the hour's mean plus a wobble that cancels over the hour. */
    private static double minute(int hour, int m) {
        return hourly(hour) + (m % 2 == 0 ? 0.5 : -0.5) * (1 + (m % 3));
    }

    /** A minute's wobble summed over the hour: what makes the readings' mean the hour's, give or take rounding. */
    private static double wobbleMean() {
        double sum = 0;
        for (int m = 0; m < 60; m++) {
            sum += minute(0, m) - hourly(0);
        }
        return sum / 60;
    }

    /**
     * Every minute of {@code hours} hours, each hour's shuffled when {@code shuffled} (a gateway
     * batching out of order), record timestamps rising.
     */
    private static void sendMinutes(TopologyHarness h, int hours, boolean shuffled) {
        Random random = new Random(7);
        long recordTs = 1_000;
        for (int hour = 0; hour < hours; hour++) {
            List<Integer> minutes = new ArrayList<>();
            for (int m = 0; m < 60; m++) {
                minutes.add(m);
            }
            if (shuffled) {
                Collections.shuffle(minutes, random);
            }
            for (int m : minutes) {
                // Stamped a few seconds into the minute, as a device's clock has it.
                Instant ts = T0.plusSeconds(3600L * hour + 60L * m + random.nextInt(50));
                h.sendAt("boiler", ts, minute(hour, m), recordTs++);
            }
        }
    }

    @Test
    void minuteReadingsForecastAsTheirHourlyMeansWould() {
        TopologySpec spec = hourlySpec(8, "aggregate=mean");
        List<Forecast> aggregated;
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (TopologyHarness h =
                new TopologyHarness(spec, NetworkTaskModels.frozen(spec, null), stateDir.resolve("a"))) {
            h.metrics.bindTo(registry);
            sendMinutes(h, HOURS, true);
            aggregated = h.flushAndReadRecords().stream().map(TestRecord::value).toList();
            assertEquals(List.of(), h.dlq.readRecordsToList());
        }
        assertEquals(
                HOURS * 60.0,
                registry.get(MetricNames.READINGS_AGGREGATED).functionCounter().count());
        assertEquals(
                HOURS - 1.0,
                registry.get(MetricNames.OBSERVATIONS_ACCEPTED)
                        .functionCounter()
                        .count(),
                "an hour is one observation once the next hour's first reading closes it; the last stays open");
        assertEquals(HOURS - 1, aggregated.size());

        List<Forecast> hourlyMeans = plainHourly("boiler", HOURS - 1, hour -> hourly(hour) + wobbleMean());
        assertEquals(hourlyMeans.size(), aggregated.size());
        for (int i = 0; i < aggregated.size(); i++) {
            Forecast a = aggregated.get(i);
            Forecast b = hourlyMeans.get(i);
            assertEquals(b.origin(), a.origin(), "each hour's forecast starts at the hour");
            assertEquals(b.model(), a.model());
            for (int k = 0; k < a.points().size(); k++) {
                assertEquals(b.points().get(k).ts(), a.points().get(k).ts());
                assertEquals(
                        b.points().get(k).value(), a.points().get(k).value(), 1e-9, "forecast " + i + " h=" + (k + 1));
            }
        }
        assertTrue(aggregated.get(aggregated.size() - 1).model().equals("ets"), "the base serves by then");
    }

    @Test
    void withoutAggregateEveryReadingAfterAnHoursFirstIsADuplicate() {
        TopologySpec spec = hourlySpec(8);
        try (TopologyHarness h = new TopologyHarness(spec, NetworkTaskModels.frozen(spec, null), stateDir)) {
            sendMinutes(h, 3, false);
            var dead = h.dlq.readRecordsToList();
            int taken = h.flushAndReadRecords().size();
            // One reading per step of the grid the first reading started, the rest refused; the
            // steps are nearest-time, so readings after half past go to the next hour's step.
            assertTrue(taken <= 4, taken + " readings taken");
            assertEquals(3 * 60 - taken, dead.size());
            // A reading after half past lands on the next hour (its grid time), so those up to
            // that hour are older than the series' newest: TOO_OLD.
            assertEquals(
                    Set.of("DUPLICATE_TS", "TOO_OLD"),
                    dead.stream().map(r -> header(r, Rejection.ERROR_HEADER)).collect(Collectors.toSet()));
        }
    }

    @Test
    void aStragglerOfTheClosedHourIsDeadLetteredSayingWhatClosedIt() {
        TopologySpec spec = hourlySpec(8, "aggregate=mean");
        try (TopologyHarness h = new TopologyHarness(spec, NetworkTaskModels.frozen(spec, null), stateDir)) {
            h.sendAt("boiler", T0.plusSeconds(600), 20, 1);
            h.sendAt("boiler", T0.plusSeconds(3000), 22, 2);
            h.sendAt("boiler", T0.plusSeconds(3605), 30, 3);
            h.sendAt("boiler", T0.plusSeconds(3598), 40, 4);
            List<Forecast> forecasts =
                    h.flushAndReadRecords().stream().map(TestRecord::value).toList();
            assertEquals(1, forecasts.size());
            assertEquals(T0, forecasts.get(0).origin());
            var dead = h.dlq.readRecordsToList();
            assertEquals(1, dead.size());
            assertEquals("DUPLICATE_TS", header(dead.get(0), Rejection.ERROR_HEADER));
            assertEquals(
                    "ts 2024-01-01T00:59:58Z falls in the step of 2024-01-01T00:00:00Z, whose readings were aggregated"
                            + " (aggregate mean) and closed when the series' first reading of the step of"
                            + " 2024-01-01T01:00:00Z arrived",
                    header(dead.get(0), Rejection.DETAIL_HEADER));
            assertEquals(
                    "{\"ts\":\"2024-01-01T00:59:58Z\",\"value\":40.0}",
                    new String(dead.get(0).value()),
                    "the record as it came");
        }
    }

    /**
     * An hour with no reading at all is filled in when the next one closes; a reading of it that
     * comes later still takes its place within {@code lateness.grace}, as a late observation does
     * without aggregation, and is refused without it.
     */
    @Test
    void aLateReadingOfAFilledHourTakesItsPlaceWithinTheGrace() {
        for (String grace : List.of("PT3H", "PT0S")) {
            TopologySpec spec = hourlySpec(8, "aggregate=mean", "lateness.grace=" + grace);
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            try (TopologyHarness h =
                    new TopologyHarness(spec, NetworkTaskModels.frozen(spec, null), stateDir.resolve(grace))) {
                h.metrics.bindTo(registry);
                h.sendAt("boiler", T0.plusSeconds(600), 20, 1);
                // Nothing in hour 1.
                h.sendAt("boiler", T0.plusSeconds(2 * 3600 + 60), 22, 2);
                h.sendAt("boiler", T0.plusSeconds(3 * 3600 + 60), 23, 3);
                assertEquals(
                        1.0,
                        registry.get(MetricNames.STEPS_FILLED).functionCounter().count());
                h.sendAt("boiler", T0.plusSeconds(3600 + 1200), 21, 4);
                var dead = h.dlq.readRecordsToList();
                if (grace.equals("PT3H")) {
                    assertEquals(List.of(), dead);
                    assertEquals(
                            1.0,
                            registry.get(MetricNames.OBSERVATIONS_LATE)
                                    .functionCounter()
                                    .count());
                } else {
                    assertEquals(1, dead.size());
                    assertEquals("TOO_OLD", header(dead.get(0), Rejection.ERROR_HEADER));
                }
            }
        }
    }

    /** Orders in hour h: a daily-ish rhythm of 0 to 6, none at all in every fourth hour (the night). */
    private static int orders(int hour) {
        return hour % 4 == 3 ? 0 : 1 + (hour * 7) % 6;
    }

    /**
     * Orders counted by the hour: an hour without any is a zero, a forecast origin like any other,
     * so the series forecasts exactly what the hourly counts sent once an hour do; taken as missing
     * ({@code emptySteps: missing}) those hours would be filled in by the base instead.
     */
    @Test
    void ordersCountedByTheHourForecastAsTheHourlyCountsWithTheirZeros() {
        List<Forecast> counted;
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TopologySpec spec = hourlySpec(8, "aggregate=count");
        try (TopologyHarness h =
                new TopologyHarness(spec, NetworkTaskModels.frozen(spec, null), stateDir.resolve("count"))) {
            h.metrics.bindTo(registry);
            Random random = new Random(11);
            long recordTs = 1;
            for (int hour = 0; hour < HOURS; hour++) {
                for (int i = 0; i < orders(hour); i++) {
                    // The order's amount is its value; a count ignores it.
                    Instant ts = T0.plusSeconds(3600L * hour + random.nextInt(3600));
                    h.sendAt("shop", ts, 5 + random.nextInt(100), recordTs++);
                }
            }
            counted = h.flushAndReadRecords().stream().map(TestRecord::value).toList();
            assertEquals(List.of(), h.dlq.readRecordsToList());
        }
        assertEquals(
                0, registry.get(MetricNames.STEPS_FILLED).functionCounter().count(), "an hour without orders had none");

        // A count is never forecast below 0 ({@link #callsCountedByTheHourAreNeverForecastBelowZero}).
        List<Forecast> hourlyCounts = plainHourly("shop", HOURS - 1, hour -> orders(hour), "values.min=0");
        assertEquals(HOURS - 2, counted.size(), "the last hour with orders is still open");
        assertSameForecasts(hourlyCounts.subList(0, counted.size()), counted, 1e-9);

        TopologySpec missing = hourlySpec(8, "aggregate=count", "emptySteps=missing");
        SimpleMeterRegistry filled = new SimpleMeterRegistry();
        try (TopologyHarness h =
                new TopologyHarness(missing, NetworkTaskModels.frozen(missing, null), stateDir.resolve("missing"))) {
            h.metrics.bindTo(filled);
            h.sendAt("shop", T0.plusSeconds(60), 10, 1);
            h.sendAt("shop", T0.plusSeconds(3 * 3600 + 60), 10, 2);
            // Closes 03:00, which lands after two hours without a step.
            h.sendAt("shop", T0.plusSeconds(4 * 3600 + 60), 10, 3);
        }
        assertEquals(2, filled.get(MetricNames.STEPS_FILLED).functionCounter().count());
    }

    /** Calls in hour {@code hour}: a Poisson count on a daily rhythm that is 0 through the night. */
    private static int calls(Random random, int hour) {
        double rate = Math.max(0, 1 + 3 * Math.sin(2 * Math.PI * hour / 24));
        double limit = Math.exp(-rate);
        double p = random.nextDouble();
        int k = 0;
        while (p > limit) {
            k++;
            p *= random.nextDouble();
        }
        return k;
    }

    /**
     * A call centre's calls counted by the hour, the night's hours without any: a count is never
     * negative, so with {@code aggregate: count} nothing is published below 0 (the forecast clamped
     * at 0, then its bounds) without a {@code values.min}. The same hourly
     * counts sent once an hour to a plain topology are forecast below 0 in the night. Calls that
     * share a second are each counted.
     */
    @Test
    void callsCountedByTheHourAreNeverForecastBelowZero() {
        Random random = new Random(5);
        List<Integer> hourly = new ArrayList<>();
        TopologySpec spec = hourlySpec(8, "aggregate=count", "interval.quantiles=[0.05,0.5,0.95]");
        List<Forecast> counted;
        try (TopologyHarness h =
                new TopologyHarness(spec, NetworkTaskModels.frozen(spec, null), stateDir.resolve("calls"))) {
            long recordTs = 1;
            long sharedSeconds = 0;
            for (int hour = 0; hour < 120; hour++) {
                int n = calls(random, hour);
                hourly.add(n);
                int second = 0;
                for (int i = 0; i < n; i++) {
                    // Every other call in the same second as the one before it.
                    if (i % 2 == 0) {
                        second += 1 + random.nextInt(3600 / (n + 1));
                    } else {
                        sharedSeconds++;
                    }
                    h.sendAt("centre", T0.plusSeconds(3600L * hour + second), 1, recordTs++);
                }
            }
            assertTrue(sharedSeconds > 50, "calls sharing a second: " + sharedSeconds);
            counted = h.flushAndReadRecords().stream().map(TestRecord::value).toList();
            assertEquals(List.of(), h.dlq.readRecordsToList());
        }
        TopologySpec plain = hourlySpec(8, "interval.quantiles=[0.05,0.5,0.95]");
        Map<Instant, Forecast> byOrigin = new HashMap<>();
        try (TopologyHarness h =
                new TopologyHarness(plain, NetworkTaskModels.frozen(plain, null), stateDir.resolve("plain"))) {
            for (int hour = 0; hour < hourly.size(); hour++) {
                h.sendAt("centre", T0.plusSeconds(3600L * hour), hourly.get(hour), 1 + hour);
            }
            h.flushAndReadRecords().forEach(r -> byOrigin.put(r.value().origin(), r.value()));
        }
        double plainLowest = Double.POSITIVE_INFINITY;
        double countedLowest = Double.POSITIVE_INFINITY;
        assertTrue(counted.size() > 100, "forecasts: " + counted.size());
        for (Forecast f : counted) {
            Forecast unbounded = byOrigin.get(f.origin());
            for (int k = 0; k < f.points().size(); k++) {
                ForecastPoint p = f.points().get(k);
                ForecastPoint u = unbounded.points().get(k);
                plainLowest = Math.min(plainLowest, Math.min(u.value(), u.lower()));
                countedLowest = Math.min(countedLowest, Math.min(p.value(), p.lower()));
                for (double q : p.quantiles().values()) {
                    countedLowest = Math.min(countedLowest, q);
                }
                String where = f.origin() + " h=" + (k + 1);
                // Numbers are written to about a thousandth of the first interval's half-width.
                double rounding = (f.points().get(0).upper() - f.points().get(0).value()) / 100;
                assertEquals(Math.max(0, u.value()), p.value(), rounding, where);
                // Each bound is the clamped point -/+ its half-width, clamped in turn.
                double half = p.upper() - p.value();
                assertTrue(half > 0, where);
                assertEquals(Math.max(0, p.value() - half), p.lower(), rounding, where);
            }
        }
        assertTrue(plainLowest < -0.5, "the plain topology forecasts below 0: " + plainLowest);
        assertEquals(0, countedLowest, 0, "counted: nothing published below 0, and 0 is reached");
    }

    /**
     * An energy meter's kWh total read every quarter hour, replaced (read from zero again) at hour
     * 20: {@code aggregate: increase} makes each hour's use of it, and the series forecasts exactly
     * what the hourly use sent once an hour does.
     */
    @Test
    void aMetersTotalReadEveryQuarterHourForecastsAsItsHourlyUse() {
        // A new meter, installed just after 20:00's reading.
        List<Forecast> metered = meterReadEveryQuarterHour(20, (hour, quarter) -> true);
        assertSameForecasts(plainHourly("house", HOURS - 1, hour -> hourly(hour)), metered, 1e-6);
    }

    /**
     * The same meter out of touch from 10:00 to 14:00 (its readings between lost): the 4 hours
     * between take equal shares of what the total rose over them, as a counter rising evenly
     * between two readings, so the series forecasts what those hourly uses sent once an hour do and
     * no kWh is lost. Before, the hours 11 to 13 had no value and the base filled them in.
     */
    @Test
    void aMetersOutageIsSharedOutOverTheHoursWithoutReadings() {
        List<Forecast> metered = meterReadEveryQuarterHour(
                -1, (hour, quarter) -> !(hour >= 10 && hour < 14 && !(hour == 10 && quarter == 0)));
        double outageMean = (hourly(10) + hourly(11) + hourly(12) + hourly(13)) / 4;
        assertSameForecasts(
                plainHourly("house", HOURS - 1, hour -> hour >= 10 && hour < 14 ? outageMean : hourly(hour)),
                metered,
                1e-6);
    }

    /**
     * A meter whose quarter-hourly totals reach the task ten minutes late, beside a series read
     * every five minutes, with {@code closeAfter: PT5M}: each of its hours is closed by time at its
     * last reading, hh:45, before hh+1:00's total comes. The quarter hour between could not be
     * counted in the closed hour, so the next hour counts it: each hour's use from the previous
     * hour's :45 to its own, none lost (before, every hour's last quarter was counted nowhere).
     */
    @Test
    void aLaggingMetersHoursClosedByTimeLoseNoneOfItsUse() {
        int hours = 20;
        TopologySpec spec = hourlySpec(8, "aggregate=increase", "closeAfter=PT5M");
        Map<Instant, Forecast> metered = new HashMap<>();
        try (TopologyHarness h =
                new TopologyHarness(spec, NetworkTaskModels.frozen(spec, null), stateDir.resolve("lagging"))) {
            double total = 5_000;
            long recordTs = 1;
            for (int minute = 0; minute < 60 * hours; minute += 5) {
                h.sendAt("clock", T0.plusSeconds(60L * minute), 1, recordTs++);
                int read = minute - 10;
                if (read >= 0 && read % 15 == 0) {
                    if (read > 0) {
                        total += hourly((read - 1) / 60) / 4;
                    }
                    h.sendAt("meter", T0.plusSeconds(60L * read), total, recordTs++);
                }
                // The aggregator closes steps by time on a wall-clock check.
                h.driver.advanceWallClockTime(Duration.ofMillis(300));
                h.flushAndReadRecords().stream()
                        .filter(r -> r.key().equals("meter"))
                        .forEach(r -> metered.put(r.value().origin(), r.value()));
            }
            assertEquals(List.of(), h.dlq.readRecordsToList());
        }
        TopologySpec plain = hourlySpec(8);
        List<Forecast> hourlyUse;
        try (TopologyHarness h =
                new TopologyHarness(plain, NetworkTaskModels.frozen(plain, null), stateDir.resolve("plain"))) {
            for (int hour = 0; hour < hours - 1; hour++) {
                double use = 3 * hourly(hour) / 4 + (hour == 0 ? 0 : hourly(hour - 1) / 4);
                h.sendAt("meter", T0.plusSeconds(3600L * hour), use, 1 + hour);
            }
            hourlyUse = h.flushAndReadRecords().stream().map(TestRecord::value).toList();
        }
        assertTrue(hourlyUse.size() > 10, "forecasts: " + hourlyUse.size());
        for (Forecast expected : hourlyUse) {
            Forecast got = metered.get(expected.origin());
            assertTrue(got != null, "a forecast at " + expected.origin());
            // Numbers are written to about a thousandth of the first interval's half-width, and the
            // shares sum to the hour's use only up to floating point: a rounding apart at most.
            double rounding =
                    (expected.points().get(0).upper() - expected.points().get(0).value()) / 100;
            for (int k = 0; k < expected.points().size(); k++) {
                assertEquals(
                        expected.points().get(k).value(),
                        got.points().get(k).value(),
                        rounding,
                        expected.origin() + " h=" + (k + 1));
            }
        }
    }

    /**
     * A shop that sells rarely beside a busy one in the same task: with {@code closeAfter: PT5M} its
     * hours close once the task's readings are five minutes past their end, the hours without a sale
     * as zeros, so its forecasts come on time instead of with its next sale hours later; without it
     * they wait for that sale.
     */
    @Test
    void closeAfterForecastsAQuietSeriesOnTimeByTheTasksReadings() {
        for (boolean closing : new boolean[] {true, false}) {
            TopologySpec spec =
                    closing ? hourlySpec(8, "aggregate=count", "closeAfter=PT5M") : hourlySpec(8, "aggregate=count");
            try (TopologyHarness h = new TopologyHarness(
                    spec, NetworkTaskModels.frozen(spec, null), stateDir.resolve(Boolean.toString(closing)))) {
                long recordTs = 1;
                List<Integer> quietSales = List.of(10, 20, 90); // minutes: two in hour 0, one in hour 1
                for (int minute = 0; minute <= 250; minute += 10) {
                    h.sendAt("busy", T0.plusSeconds(60L * minute), 1, recordTs++);
                    if (quietSales.contains(minute)) {
                        h.sendAt("quiet", T0.plusSeconds(60L * minute + 30), 1, recordTs++);
                    }
                }
                // The aggregator checks every 200 ms; its steps are forecast at the next flush.
                h.driver.advanceWallClockTime(Duration.ofMillis(300));
                List<Instant> quietOrigins = h.flushAndReadRecords().stream()
                        .filter(r -> r.key().equals("quiet"))
                        .map(r -> r.value().origin())
                        .toList();
                // The busy shop's readings reached 04:10: hours 0 to 3 of the quiet one are due.
                assertEquals(
                        closing
                                ? List.of(T0, T0.plusSeconds(3600), T0.plusSeconds(7200), T0.plusSeconds(10800))
                                : List.of(T0),
                        quietOrigins,
                        "closeAfter " + closing);

                // A sale from 01:59 sent only now: the hour was closed.
                h.sendAt("quiet", T0.plusSeconds(60L * 119), 1, recordTs++);
                assertEquals(closing ? 1 : 0, h.dlq.readRecordsToList().size());
                h.sendAt("quiet", T0.plusSeconds(60L * 340), 1, recordTs++);
                List<TestRecord<String, Forecast>> later = h.flushAndReadRecords();
                List<Instant> all = new ArrayList<>(quietOrigins);
                later.stream()
                        .filter(r -> r.key().equals("quiet"))
                        .forEach(r -> all.add(r.value().origin()));
                assertEquals(
                        List.of(
                                T0,
                                T0.plusSeconds(3600),
                                T0.plusSeconds(7200),
                                T0.plusSeconds(10800),
                                T0.plusSeconds(14400)),
                        all,
                        "every hour up to the one the 05:40 sale opened, once, whichever closed it");
            }
        }
    }

    /**
     * A quarter hour's use stamped at the quarter's end (00:15, 00:30, 00:45, 01:00 for the hour
     * from midnight), as some meters and hour-ending load data are: {@code stamps: end} sums each
     * hour's own four, and the series forecasts exactly what its hourly use does; stamped as if at
     * the start, each hour would take the previous hour's last quarter instead of its own.
     */
    @Test
    void usageStampedAtTheEndOfItsQuarterHourIsSummedIntoItsOwnHour() {
        TopologySpec spec = hourlySpec(8, "aggregate=sum", "stamps=end");
        List<Forecast> summed;
        try (TopologyHarness h =
                new TopologyHarness(spec, NetworkTaskModels.frozen(spec, null), stateDir.resolve("end"))) {
            long recordTs = 1;
            for (int hour = 0; hour < HOURS; hour++) {
                for (int quarter = 1; quarter <= 4; quarter++) {
                    h.sendAt("plant", T0.plusSeconds(3600L * hour + 900L * quarter), hourly(hour) / 4, recordTs++);
                }
            }
            summed = h.flushAndReadRecords().stream().map(TestRecord::value).toList();
            assertEquals(List.of(), h.dlq.readRecordsToList());
        }
        assertSameForecasts(plainHourly("plant", HOURS - 1, hour -> hourly(hour)), summed, 1e-9);
    }

    /**
     * What an {@code aggregate: increase} topology forecasts for a house's kWh total, read at every
     * quarter hour where {@code read} says so, the use of each hour's quarters {@code hourly(hour) /
     * 4}; replaced by a new meter reading from zero just after {@code replacedAt}:00's reading (-1:
     * never). Nothing is dead-lettered.
     */
    private List<Forecast> meterReadEveryQuarterHour(int replacedAt, BiPredicate<Integer, Integer> read) {
        TopologySpec spec = hourlySpec(8, "aggregate=increase");
        try (TopologyHarness h =
                new TopologyHarness(spec, NetworkTaskModels.frozen(spec, null), stateDir.resolve("meter"))) {
            double total = 5_000;
            long recordTs = 1;
            for (int hour = 0; hour < HOURS; hour++) {
                for (int quarter = 0; quarter < 4; quarter++) {
                    if (hour == replacedAt && quarter == 1) {
                        total = 0;
                    }
                    if (quarter > 0 || hour > 0) {
                        total += hourly(hour - (quarter == 0 ? 1 : 0)) / 4;
                    }
                    if (read.test(hour, quarter)) {
                        h.sendAt("house", T0.plusSeconds(3600L * hour + 900L * quarter), total, recordTs++);
                    }
                }
            }
            List<Forecast> metered =
                    h.flushAndReadRecords().stream().map(TestRecord::value).toList();
            assertEquals(List.of(), h.dlq.readRecordsToList());
            return metered;
        }
    }

    /**
     * What a plain hourly topology ({@code hourlySpec(8, overrides)}) forecasts for {@code series}
     * sent {@code value} of each of its first {@code hours} hours once, at the hour: what an
     * aggregating topology must forecast when its readings make those hourly values.
     */
    private List<Forecast> plainHourly(String series, int hours, IntToDoubleFunction value, String... overrides) {
        TopologySpec plain = hourlySpec(8, overrides);
        try (TopologyHarness h =
                new TopologyHarness(plain, NetworkTaskModels.frozen(plain, null), stateDir.resolve("plain"))) {
            for (int hour = 0; hour < hours; hour++) {
                h.sendAt(series, T0.plusSeconds(3600L * hour), value.applyAsDouble(hour), 1 + hour);
            }
            return h.flushAndReadRecords().stream().map(TestRecord::value).toList();
        }
    }

    /** Forecast for forecast: the same origins and, within {@code tolerance}, the same values. */
    private static void assertSameForecasts(List<Forecast> expected, List<Forecast> actual, double tolerance) {
        assertEquals(expected.size(), actual.size(), "forecasts");
        for (int i = 0; i < actual.size(); i++) {
            assertEquals(expected.get(i).origin(), actual.get(i).origin(), "forecast " + i);
            for (int k = 0; k < actual.get(i).points().size(); k++) {
                assertEquals(
                        expected.get(i).points().get(k).value(),
                        actual.get(i).points().get(k).value(),
                        tolerance,
                        "forecast " + i + " h=" + (k + 1));
            }
        }
    }

    /**
     * Timestamps at the ends of what epoch milliseconds hold (a clock reset to zero and counted
     * back, a sign bit flipped) pass ingest: where their step cannot be counted they are
     * dead-lettered, and the task goes on.
     */
    @Test
    void aReadingWhoseStepCannotBeCountedIsDeadLetteredAndTheTaskGoesOn() {
        for (String step : List.of("PT1H", "P1M")) {
            TopologySpec spec = hourlySpec(8, "aggregate=mean", "step=" + step, "zone=America/Los_Angeles");
            try (TopologyHarness h =
                    new TopologyHarness(spec, NetworkTaskModels.frozen(spec, null), stateDir.resolve(step))) {
                h.in.pipeInput("odd", "{\"ts\":" + Long.MIN_VALUE + ",\"value\":1}", 1);
                h.in.pipeInput("odd", "{\"ts\":" + (Long.MIN_VALUE + 1) + ",\"value\":1}", 2);
                h.sendAt("odd", T0, 1, 3);
                h.sendAt("odd", T0.plusSeconds(40L * 86_400), 2, 4);
                var dead = h.dlq.readRecordsToList();
                assertEquals(2, dead.size(), step);
                assertEquals("BAD_TS", header(dead.get(0), Rejection.ERROR_HEADER));
                assertEquals(1, h.flushAndReadRecords().size(), step + ": the series goes on");
            }
        }
    }
}
