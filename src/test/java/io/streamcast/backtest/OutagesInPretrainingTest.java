package io.streamcast.backtest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.config.TopologySpec;
import io.streamcast.config.YamlConfig;
import io.streamcast.series.SeriesState;
import io.streamcast.series.Smoothing;
import io.streamcast.series.SmoothingParams;
import io.streamcast.training.ExampleSet;
import io.streamcast.training.History;
import io.streamcast.training.NetworkSpecs;
import io.streamcast.training.SmoothingFit;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Sensors go offline for hours. Pretraining puts a file's series on the topology's grid and fills
 * a missing step on the line between its neighbours ({@link Histories}); the stream fills one with
 * its base's one-step forecast ({@link SeriesState#fillMissing}). The smoothing fit and the
 * training examples must run through a gap as the stream will, and judge nothing on a step nobody
 * observed: fitted through straight lines as if observed, the bundled hourly temperatures with 3%
 * of their hours missing chose gamma 0.80 and beta 0.01 instead of the whole series' 0.95 and
 * 0.05, and the base they served scored MASE 0.78 instead of 0.65 (`bin/streamcast backtest
 * --topology topologies/examples/hourly-temps.yaml --set training.epochs=0` on both files).
 */
class OutagesInPretrainingTest {
    private static final TopologySpec SPEC =
            YamlConfig.loadTopology(Path.of("topologies/examples/hourly-temps.yaml"), List.of());
    /** The backtest's earliest first origin: pretraining sees the series up to here. */
    private static final Instant CUT = Instant.parse("2010-10-20T08:00:00Z");

    private static Map<String, List<SeriesPoint>> whole() {
        return SeriesCsv.upTo(SeriesCsv.read(Path.of("src/main/resources/data/vega_hourly_temps.csv")), CUT);
    }

    /** Each series with outages of 1-6 hours starting at about one hour in a hundred (fixed seed). */
    private static Map<String, List<SeriesPoint>> withOutages() {
        Random random = new Random(7);
        Map<String, List<SeriesPoint>> out = new LinkedHashMap<>();
        whole().forEach((series, points) -> {
            List<SeriesPoint> kept = new ArrayList<>();
            for (int i = 0; i < points.size(); ) {
                if (i > 0 && random.nextDouble() < 0.01) {
                    i += 1 + random.nextInt(6);
                    continue;
                }
                kept.add(points.get(i++));
            }
            out.put(series, kept);
        });
        return out;
    }

    @Test
    void outagesLeaveTheFittedConstantsAsTheWholeSeriesHasThem() {
        Map<String, History> gappy = Histories.of(withOutages(), SPEC);
        int filled = 0;
        for (History h : gappy.values()) {
            for (boolean f : h.filled()) {
                filled += f ? 1 : 0;
            }
        }
        assertTrue(filled > 300, filled + " hours filled");

        SmoothingFit.SeriesFit whole = SmoothingFit.fitHistories(
                Histories.of(whole(), SPEC), SPEC.period, SPEC.horizon, SPEC.base.perSeries, SPEC.base.robust);
        SmoothingFit.SeriesFit fitted =
                SmoothingFit.fitHistories(gappy, SPEC.period, SPEC.horizon, SPEC.base.perSeries, SPEC.base.robust);
        assertEquals(whole.topology(), fitted.topology());
        assertEquals(whole.bySeries(), fitted.bySeries());

        // The same values taken as observed (the straight lines judged as readings): other constants.
        Map<String, History> unmarked = new LinkedHashMap<>();
        gappy.forEach((series, h) -> unmarked.put(series, History.of(h.values())));
        SmoothingFit.SeriesFit asObserved =
                SmoothingFit.fitHistories(unmarked, SPEC.period, SPEC.horizon, SPEC.base.perSeries, SPEC.base.robust);
        assertNotEquals(whole.topology(), asObserved.topology());
    }

    @Test
    void examplesAfterAGapCarryTheBaseStateTheStreamWillHave() {
        // One series, one missing hour after the base is ready, the fill the stream would make.
        double[] values = whole().get("seattle").stream()
                .limit(400)
                .mapToDouble(SeriesPoint::value)
                .toArray();
        SmoothingParams params = new SmoothingParams(0.05, 0.05, 0.95, 1.0, true, 0);
        int missing = 200;
        Smoothing base = new Smoothing(SPEC.period, true);
        for (int t = 0; t < missing; t++) {
            base.update(values[t], params);
        }
        double[] streamFilled = values.clone();
        streamFilled[missing] = base.fillValue(Double.NaN, params);
        double[] lineFilled = values.clone();
        lineFilled[missing] = (values[missing - 1] + values[missing + 1]) / 2;
        boolean[] filled = new boolean[values.length];
        filled[missing] = true;

        var encoder = NetworkSpecs.encoder(SPEC);
        ExampleSet marked = ExampleSet.fromHistories(
                Map.of("seattle", new History(lineFilled, null, null, filled)), encoder, params);
        ExampleSet asTheStream = ExampleSet.fromHistories(
                Map.of("seattle", new History(streamFilled, null, null, filled)), encoder, params);

        assertTrue(marked.size() > 100, marked.size() + " examples");
        assertEquals(asTheStream.size(), marked.size());
        for (int i = 0; i < marked.size(); i++) {
            assertArrayEquals(asTheStream.window(i), marked.window(i), "example " + i);
            assertArrayEquals(asTheStream.targets(i), marked.targets(i), "example " + i);
        }
    }
}
