package io.streamcast.topology;

import static io.streamcast.topology.TopologyHarness.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Business-day data (markets, B2B sales, office meters) has no weekend rows. On a plain P1D grid
 * every weekend was two missing steps, filled in by the base: every window of a week or more held
 * a step nobody observed, so neither pretraining nor online learning had a single example, and
 * forecasts targeted Saturdays and Sundays. With {@code skipDays: [saturday, sunday]} Friday's next
 * step is Monday.
 */
class BusinessDaySeriesTest {
    @TempDir
    Path stateDir;

    private static final Instant FIRST_MONDAY = Instant.parse("2024-01-01T00:00:00Z");
    private static final int WEEKS = 6;

    private static TopologySpec spec(String... skip) {
        return zonedSpec(null, skip);
    }

    private static TopologySpec zonedSpec(String zone, String... skip) {
        String yaml = """
                name: weekdays
                step: P1D
                period: 5
                window: 10
                horizon: 5
                model: { cell: lstm, hidden: 4, layers: 1 }
                training: { online: false }
                batching: { maxBatch: 16, maxDelayMs: 50 }
                """ + (skip.length == 0 ? "" : "skipDays: [" + String.join(", ", skip) + "]\n")
                + (zone == null ? "" : "zone: " + zone + "\n");
        return YamlConfig.parseTopology(yaml, List.of());
    }

    /** Each weekday's sales: a weekly pattern (Mondays low, Fridays high) on a slow rise. */
    private static double sales(int businessDay) {
        return 100 + 8 * (businessDay % 5) + 0.5 * businessDay;
    }

    @Test
    void fridaysNextStepIsMondayAndTheSeriesForecastsAsIfItHadNoWeekends() {
        List<Forecast> weekdays;
        TopologySpec spec = spec("saturday", "sunday");
        try (TopologyHarness h =
                new TopologyHarness(spec, NetworkTaskModels.frozen(spec, null), stateDir.resolve("a"))) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            h.metrics.bindTo(registry);
            int day = 0;
            for (int d = 0; d < WEEKS * 7; d++) {
                Instant ts = FIRST_MONDAY.plusSeconds(86_400L * d);
                if (ts.atOffset(ZoneOffset.UTC).getDayOfWeek().getValue() <= 5) {
                    h.sendAt("store", ts, sales(day++), 1000L + d);
                }
            }
            weekdays = h.flushAndReadRecords().stream().map(TestRecord::value).toList();

            assertEquals(List.of(), h.dlq.readRecordsToList());
            assertEquals(
                    0, registry.get(MetricNames.STEPS_FILLED).functionCounter().count(), "a weekend is no gap");
            assertEquals(WEEKS * 5, weekdays.size());
            for (Forecast f : weekdays) {
                for (ForecastPoint p : f.points()) {
                    DayOfWeek target = p.ts().atOffset(ZoneOffset.UTC).getDayOfWeek();
                    assertTrue(target.getValue() <= 5, f.origin() + " h=" + p.h() + " targets a " + target);
                }
            }
            Forecast friday = weekdays.get(3 * 5 + 4);
            assertEquals(Instant.parse("2024-01-26T00:00:00Z"), friday.origin());
            assertEquals(
                    Instant.parse("2024-01-29T00:00:00Z"),
                    friday.points().get(0).ts(),
                    "Friday's next step is Monday");
            assertEquals(
                    Instant.parse("2024-02-02T00:00:00Z"),
                    friday.points().get(4).ts());
        }
        // The same values a day apart on a plain daily grid: the same forecasts, step for step.
        TopologySpec everyDay = spec();
        try (TopologyHarness h =
                new TopologyHarness(everyDay, NetworkTaskModels.frozen(everyDay, null), stateDir.resolve("b"))) {
            for (int d = 0; d < WEEKS * 5; d++) {
                h.sendAt("store", FIRST_MONDAY.plusSeconds(86_400L * d), sales(d), 1000L + d);
            }
            List<Forecast> consecutive =
                    h.flushAndReadRecords().stream().map(TestRecord::value).toList();
            assertEquals(weekdays.size(), consecutive.size());
            for (int i = 0; i < weekdays.size(); i++) {
                List<Double> a = new ArrayList<>();
                List<Double> b = new ArrayList<>();
                weekdays.get(i).points().forEach(p -> a.add(p.value()));
                consecutive.get(i).points().forEach(p -> b.add(p.value()));
                assertEquals(b, a, "forecast " + i);
                assertEquals(consecutive.get(i).model(), weekdays.get(i).model());
            }
            assertFalse(consecutive.get(consecutive.size() - 1).model().equals("naive"), "the base serves by then");
        }
    }

    @Test
    void aReadingOnASkippedDayIsDeadLetteredAndChangesNothing() {
        TopologySpec spec = spec("saturday", "sunday");
        List<Forecast> clean;
        try (TopologyHarness h =
                new TopologyHarness(spec, NetworkTaskModels.frozen(spec, null), stateDir.resolve("a"))) {
            clean = replay(h, false);
        }
        try (TopologyHarness h =
                new TopologyHarness(spec, NetworkTaskModels.frozen(spec, null), stateDir.resolve("b"))) {
            List<Forecast> withSaturday = replay(h, true);
            var dead = h.dlq.readRecordsToList();
            assertEquals(
                    List.of("SKIPPED_DAY"),
                    dead.stream().map(r -> header(r, Rejection.ERROR_HEADER)).toList());
            assertEquals(
                    "ts 2024-01-13T09:00:00Z is a SATURDAY (UTC), a day the topology's step skips (skipDays [SATURDAY,"
                            + " SUNDAY])",
                    header(dead.get(0), Rejection.DETAIL_HEADER));
            assertEquals(clean, withSaturday);
        }
    }

    /**
     * Business days stamped where the business is: a producer in Berlin writes each day's reading
     * at local midnight with its offset ({@code 2024-03-04T00:00:00+01:00}, {@code +02:00} from the
     * end of March), or the date alone. In UTC such a Monday is Sunday 23:00 (22:00 in summer):
     * judged in UTC, every Monday was a skipped day and dead-lettered, the week's missing step fell
     * on Friday, and no window was whole. With {@code zone: Europe/Berlin} the series forecasts
     * exactly what the same values dated in UTC do, across the change to summer time, and every
     * forecast targets a business day's midnight in Berlin.
     */
    @Test
    void businessDaysAreTheTopologysZonesDays() {
        java.time.ZoneId berlin = java.time.ZoneId.of("Europe/Berlin");
        java.time.LocalDate firstMonday = java.time.LocalDate.of(2024, 2, 5);
        int weeks = 12; // past 31 March, when Berlin's midnight moves from 23:00 to 22:00 UTC
        List<String> withOffsets = new ArrayList<>();
        List<String> datesAlone = new ArrayList<>();
        for (int d = 0; d < weeks * 7; d++) {
            java.time.LocalDate date = firstMonday.plusDays(d);
            if (date.getDayOfWeek().getValue() <= 5) {
                withOffsets.add(date.atStartOfDay(berlin).toOffsetDateTime().toString());
                datesAlone.add(date.toString());
            }
        }
        assertTrue(withOffsets.contains("2024-04-01T00:00+02:00") && withOffsets.contains("2024-03-04T00:00+01:00"));

        TopologySpec inUtc = spec("saturday", "sunday");
        List<Forecast> utcDated;
        try (TopologyHarness h =
                new TopologyHarness(inUtc, NetworkTaskModels.frozen(inUtc, null), stateDir.resolve("utc"))) {
            for (int i = 0; i < datesAlone.size(); i++) {
                h.in.pipeInput("store", "{\"ts\":\"" + datesAlone.get(i) + "\",\"value\":" + sales(i) + "}", 1000L + i);
            }
            utcDated = h.flushAndReadRecords().stream().map(TestRecord::value).toList();
            assertEquals(List.of(), h.dlq.readRecordsToList());
        }
        for (List<String> stamps : List.of(withOffsets, datesAlone)) {
            TopologySpec spec = zonedSpec("Europe/Berlin", "saturday", "sunday");
            try (TopologyHarness h = new TopologyHarness(
                    spec, NetworkTaskModels.frozen(spec, null), stateDir.resolve("berlin" + stamps.hashCode()))) {
                for (int i = 0; i < stamps.size(); i++) {
                    h.in.pipeInput("store", "{\"ts\":\"" + stamps.get(i) + "\",\"value\":" + sales(i) + "}", 1000L + i);
                }
                List<Forecast> local =
                        h.flushAndReadRecords().stream().map(TestRecord::value).toList();
                assertEquals(
                        List.of(),
                        h.dlq.readRecordsToList().stream()
                                .map(r -> header(r, Rejection.DETAIL_HEADER))
                                .toList(),
                        "no Monday is a skipped day");
                assertEquals(utcDated.size(), local.size());
                for (int i = 0; i < local.size(); i++) {
                    assertEquals(
                            utcDated.get(i).points().stream()
                                    .map(ForecastPoint::value)
                                    .toList(),
                            local.get(i).points().stream()
                                    .map(ForecastPoint::value)
                                    .toList(),
                            "forecast " + i);
                    for (ForecastPoint p : local.get(i).points()) {
                        java.time.ZonedDateTime there = p.ts().atZone(berlin);
                        assertEquals(0, there.toLocalTime().toSecondOfDay(), p.ts() + " is midnight in Berlin");
                        assertTrue(there.getDayOfWeek().getValue() <= 5, p.ts() + " is a business day in Berlin");
                    }
                }
                Forecast lastMarchFriday = local.stream()
                        .filter(f -> f.origin().equals(Instant.parse("2024-03-28T23:00:00Z")))
                        .findFirst()
                        .orElseThrow();
                assertEquals(
                        Instant.parse("2024-03-31T22:00:00Z"),
                        lastMarchFriday.points().get(0).ts(),
                        "Friday's next step is Monday, midnight in Berlin in summer time");
            }
        }
        // The same offsets in a topology that counts days in UTC: every Monday is a Sunday there.
        try (TopologyHarness h =
                new TopologyHarness(inUtc, NetworkTaskModels.frozen(inUtc, null), stateDir.resolve("utc-offsets"))) {
            for (int i = 0; i < withOffsets.size(); i++) {
                h.in.pipeInput(
                        "store", "{\"ts\":\"" + withOffsets.get(i) + "\",\"value\":" + sales(i) + "}", 1000L + i);
            }
            h.flushAndReadRecords();
            assertEquals(weeks, h.dlq.readRecordsToList().size(), "each Monday dead-lettered as SKIPPED_DAY");
        }
    }

    private static List<Forecast> replay(TopologyHarness h, boolean saturday) {
        int day = 0;
        for (int d = 0; d < 3 * 7; d++) {
            Instant ts = FIRST_MONDAY.plusSeconds(86_400L * d);
            if (ts.atOffset(ZoneOffset.UTC).getDayOfWeek().getValue() <= 5) {
                h.sendAt("store", ts, sales(day++), 1000L + d);
            } else if (saturday && d == 12) {
                h.sendAt("store", ts.plusSeconds(9 * 3600), 500, 1000L + d);
            }
        }
        return h.flushAndReadRecords().stream().map(TestRecord::value).toList();
    }
}
