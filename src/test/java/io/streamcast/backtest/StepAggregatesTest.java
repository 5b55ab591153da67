package io.streamcast.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.streamcast.config.TopologySpec;
import io.streamcast.config.YamlConfig;
import io.streamcast.emit.Step;
import io.streamcast.emit.StepGrid;
import io.streamcast.series.Aggregation;
import io.streamcast.training.History;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file's readings made into steps as the stream makes them: each step's aggregate, empty steps zeros where asked. */
class StepAggregatesTest {
    private static final Instant T = Instant.parse("2024-01-01T00:00:00Z");

    private static SeriesPoint at(long minutes, double value) {
        return new SeriesPoint(T.plusSeconds(60 * minutes), value);
    }

    /** Orders at 00:10 and 00:50, none from 01:00 to 02:59, one at 03:05, one at 05:00 after a ten-hour grid's limit. */
    private static final Map<String, List<SeriesPoint>> ORDERS =
            Map.of("shop", List.of(at(10, 20), at(50, 30), at(185, 5), at(185 + 60 * 12, 7)));

    @Test
    void aCountMakesEmptyStepsZerosUpToWhatTheGridFills() {
        StepAggregates counted =
                StepAggregates.of(ORDERS, new StepGrid(Step.parse("PT1H"), 10), Aggregation.COUNT, true, false);
        List<SeriesPoint> points = counted.series().get("shop");
        assertEquals(
                List.of(
                        new SeriesPoint(T, 2),
                        new SeriesPoint(T.plusSeconds(3600), 0),
                        new SeriesPoint(T.plusSeconds(7200), 0),
                        new SeriesPoint(T.plusSeconds(3 * 3600), 1),
                        // Eleven empty hours, more than the grid fills: the series restarts there, as live.
                        new SeriesPoint(T.plusSeconds(15 * 3600), 1)),
                points);
        assertEquals(
                "aggregate count: 4 readings into 3 steps of PT1H, and 2 steps without readings as zeros (each stamped at"
                        + " its step's start)",
                counted.describe(Aggregation.COUNT, "PT1H"));
    }

    /**
     * A meter's total read at 00:45 and next at 04:15: the rise of 14 shared out by time, a quarter
     * hour's worth to 00:00 and to 04:00, an hour's to each of the three hours between, none lost.
     */
    @Test
    void aCountersRiseOverHoursWithoutReadingsIsSharedOutByTime() {
        Map<String, List<SeriesPoint>> meter =
                Map.of("m", List.of(at(0, 1000), at(45, 1000), at(255, 1014), at(300, 1014)));
        StepAggregates risen =
                StepAggregates.of(meter, new StepGrid(Step.parse("PT1H"), 10), Aggregation.INCREASE, false, false);
        List<Double> values =
                risen.series().get("m").stream().map(SeriesPoint::value).toList();
        assertEquals(
                List.of(1.0, 4.0, 4.0, 4.0, 1.0, 0.0),
                values.stream().map(v -> Math.round(v * 1e9) / 1e9).toList());
        assertEquals(
                "aggregate increase: 4 readings into 3 steps of PT1H, and 3 steps without readings given their share"
                        + " of the rise (each stamped at its step's start)",
                risen.describe(Aggregation.INCREASE, "PT1H"));
    }

    @Test
    void withoutZerosAStepWithoutReadingsIsNoPoint() {
        StepAggregates summed =
                StepAggregates.of(ORDERS, new StepGrid(Step.parse("PT1H"), 10), Aggregation.SUM, false, false);
        assertEquals(
                List.of(50.0, 5.0, 7.0),
                summed.series().get("shop").stream().map(SeriesPoint::value).toList());
    }

    /** A pretraining corpus of daily readings for a monthly topology that sums them: read as months, not refused as a series with gaps. */
    @Test
    void aCorpusOfReadingsIsMadeIntoTheTopologysSteps(@TempDir Path dir) throws Exception {
        List<String> lines = new ArrayList<>(List.of("series,ts,value"));
        for (LocalDate day = LocalDate.of(2020, 1, 1); day.isBefore(LocalDate.of(2022, 1, 1)); day = day.plusDays(1)) {
            lines.add("corpus," + day + "T12:00:00Z,1");
        }
        Path csv = dir.resolve("daily.csv");
        Files.write(csv, lines);
        TopologySpec spec = YamlConfig.parseTopology(
                "name: monthly\nstep: P1M\nperiod: 12\nwindow: 12\nhorizon: 3\naggregate: sum\ntraining: { corpus: "
                        + csv + " }\n",
                List.of());
        History months = PretrainingCorpus.of(spec, null).series().get("corpus");
        assertEquals(24, months.values().length);
        assertEquals(31.0, months.values()[0], "January's days");
        assertEquals(29.0, months.values()[1], "February 2020's");
    }
}
