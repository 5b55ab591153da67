package io.streamcast.backtest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.config.TopologySpec;
import java.io.File;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Nominal 80% intervals on 23 real data sets (the three bundled monthly sets and the 20 unseen R
 * sets of {@link BaseGeneralisationTest}; the base alone, so it runs in a minute): with adaptive
 * conformal steps (the default {@code interval.adaptRate}) fewer horizon steps fall outside 70-90%
 * coverage, and overall coverage is nearer 80%, than with the plain window quantile. The per-step
 * band is not asserted per set: most of these sets have 24-40 origins per step, where a perfectly
 * calibrated interval misses the band at some step more often than not (binomial: 16% per step at
 * 29 origins). Coverage alone would reward intervals for being wide, so the mean scaled interval
 * score (MSIS: width plus 10x each miss's distance at 80%) of every set is held too: adapting may
 * not buy its coverage with width.
 */
class IntervalCoverageGeneralisationTest {
    private record Tally(int outside, int steps, double meanDeviation, List<Double> msis, String table) {}

    @Test
    void adaptingStepsBringCoverageNearerItsNominalLevelOnRealDataThanThePlainWindow() {
        Tally plain = tally("0");
        Tally adaptive = tally(String.valueOf(new TopologySpec.Interval().adaptRate));
        String both = "plain:\n" + plain.table() + "adaptive:\n" + adaptive.table();
        System.err.print(both);
        // Measured: 63 of 220 steps outside with the plain window, 42 adapting; mean |overall - 80|
        // 6.3 and 4.8 points; MSIS adapting / plain 1.015 (geometric mean over the sets: wider
        // where it catches misses, narrower where it had covered too much). Before a long step's
        // borrowed width grew as the steps with errors do and the guess was seasonal naive's
        // (2026-12-04): 73 and 52, 6.4 and 4.8, 1.010.
        assertTrue(adaptive.outside() < plain.outside(), both);
        assertTrue(adaptive.meanDeviation() < plain.meanDeviation(), both);
        double logRatio = 0;
        for (int i = 0; i < plain.msis().size(); i++) {
            logRatio += Math.log(adaptive.msis().get(i) / plain.msis().get(i))
                    / plain.msis().size();
        }
        double msisRatio = Math.exp(logRatio);
        System.err.printf(Locale.ROOT, "MSIS adapting / plain, geometric mean over the sets: %.3f%n", msisRatio);
        assertTrue(msisRatio < 1.03, "adapting bought coverage with width: MSIS ratio " + msisRatio + "\n" + both);
    }

    private static Tally tally(String adaptRate) {
        List<String[]> runs = new ArrayList<>();
        runs.add(new String[] {"airpassengers", "src/main/resources/data/AirPassengers.csv"});
        runs.add(new String[] {"co2", "src/main/resources/data/co2.csv"});
        runs.add(new String[] {"unemployment", "src/main/resources/data/vega_unemployment_industries.csv"});
        for (String directory : new String[] {"r-monthly", "r-quarterly"}) {
            String[] names = new File("src/test/resources/data/" + directory).list((d, n) -> n.endsWith(".csv"));
            Arrays.sort(names);
            for (String name : names) {
                runs.add(new String[] {directory, "src/test/resources/data/" + directory + "/" + name});
            }
        }
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        StringBuilder table = new StringBuilder();
        int outside = 0;
        int steps = 0;
        double deviation = 0;
        List<Double> msis = new ArrayList<>();
        for (String[] run : runs) {
            List<String> overrides = new ArrayList<>(List.of("interval.adaptRate=" + adaptRate));
            String topology = run[0].startsWith("r-") ? "airpassengers" : run[0];
            if (run[0].equals("r-quarterly")) {
                overrides.addAll(List.of("step=P3M", "period=4", "window=8", "horizon=4"));
            }
            BacktestScore score = BaseOnlyBacktest.run(topology, Path.of(run[1]), overrides, quiet);
            int horizon = score.model().byHorizon().size();
            StringBuilder perStep = new StringBuilder();
            for (int h = 1; h <= horizon; h++) {
                double c = 100 * score.model().atHorizon(h).coverage();
                perStep.append(String.format(Locale.ROOT, " %.0f", c));
                steps++;
                outside += c < 70 || c > 90 ? 1 : 0;
            }
            double overall = 100 * score.model().overall().coverage();
            deviation += Math.abs(overall - 80) / runs.size();
            double setMsis = score.model().overall().msis(0.8);
            msis.add(setMsis);
            table.append(String.format(
                    Locale.ROOT,
                    "  %-34s %.1f%% overall, MSIS %.2f, per step%s%n",
                    new File(run[1]).getName(),
                    overall,
                    setMsis,
                    perStep));
        }
        table.append(String.format(
                Locale.ROOT,
                "  steps outside 70-90%%: %d of %d; mean |overall - 80| %.1f%n",
                outside,
                steps,
                deviation));
        return new Tally(outside, steps, deviation, msis, table.toString());
    }
}
