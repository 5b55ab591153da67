package io.streamcast.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * The smoothing base on real data the project was not designed on, with the settings of the
 * bundled monthly example topology and nothing retuned but the calendar fields the data dictate:
 * thirteen monthly R data sets (six used to choose the base's initialisation, seven kept aside and
 * scored once afterwards) and seven quarterly ones (scored once, after everything else was fixed;
 * see the READMEs under {@code src/test/resources/data/}). R's ETS refits its model at every
 * origin; the base fits its constants once, on the part before the first origin, and then only
 * updates its states, as a stream does.
 */
class BaseGeneralisationTest {
    private static final Map<String, BacktestScore> RUNS = new ConcurrentHashMap<>();

    /** Data set and R forecast 8.20's ets() MASE under the same protocol (unseen-reference.R, validation-reference.R). */
    private static final Map<String, Double> R_ETS_MONTHLY = Map.ofEntries(
            Map.entry("USAccDeaths", 0.4402),
            Map.entry("ldeaths", 0.4903),
            Map.entry("nottem", 0.5428),
            Map.entry("UKDriverDeaths", 1.0547),
            Map.entry("wineind", 0.8639),
            Map.entry("gas", 1.9714),
            Map.entry("front", 1.1929),
            Map.entry("rear", 0.7506),
            Map.entry("VanKilled", 0.6595),
            Map.entry("kms", 0.6811),
            Map.entry("mdeaths", 0.5831),
            Map.entry("fdeaths", 0.3887),
            Map.entry("DutchSales", 0.8627));

    /** The same for the quarterly sets (validation-reference.R, H = period = 4). */
    private static final Map<String, Double> R_ETS_QUARTERLY = Map.ofEntries(
            Map.entry("JohnsonJohnson", 1.7707),
            Map.entry("UKgas", 1.3637),
            Map.entry("austres", 0.1184),
            Map.entry("woolyrnq", 0.7659),
            Map.entry("GermanUnemployment", 0.7152),
            Map.entry("UKNonDurables", 1.0413),
            Map.entry("USProdIndex", 0.4150));

    /**
     * The same for seven groups of ten M3 competition monthly series (m3-corpus.R score: the mean
     * of per-series MASE, as the backtest scores a topology of several series).
     */
    private static final Map<String, Double> R_ETS_M3 = Map.ofEntries(
            Map.entry("macro", 0.6170),
            Map.entry("macro-1980s", 0.6680),
            Map.entry("micro", 0.7182),
            Map.entry("industry", 0.9645),
            Map.entry("finance", 0.5754),
            Map.entry("demographic", 0.5257),
            Map.entry("other", 0.7175));

    @Test
    void theBaseForecastsUnseenMonthlySeriesAboutAsWellAsRsEtsAndFarBetterThanSeasonalNaive() {
        Summary s = score(R_ETS_MONTHLY, "r-monthly");
        // Measured: base 0.818, seasonal naive 1.056, R's ETS 0.806 (the base before the running-mean
        // seasonal start: 0.862); it loses to seasonal naive only on the two 72-point series
        // USAccDeaths and fdeaths, whose 48 points of history leave little to fit constants on.
        assertTrue(s.base() < 0.85 * s.seasonalNaive(), s.table());
        assertTrue(s.base() < 1.02 * s.ets(), s.table());
        assertTrue(s.beatsSeasonalNaive() >= 11, s.beatsSeasonalNaive() + " of 13 beat seasonal naive\n" + s.table());
    }

    /**
     * Seventy series of the M3 competition, the benchmark the statistical methods were judged on,
     * in seven groups of ten (one per M3 category, and a second macro group), each backtested as
     * one topology with the monthly example's settings: drawn for a corpus experiment
     * (src/site/markdown/accuracy.md, "a corpus of 1,400 M3 monthly series") after the base was
     * settled, and never tuned on.
     */
    /** The same for the thirteen M3 topologies whose series share their dates (m3-corpus.R score). */
    private static final Map<String, Double> R_ETS_M3_ALIGNED = Map.ofEntries(
            Map.entry("demographic-1972-01-a", 0.5069),
            Map.entry("finance-1982-01-a", 0.4371),
            Map.entry("industry-1978-01-a", 1.0340),
            Map.entry("industry-1982-01-a", 0.8481),
            Map.entry("industry-1983-01-a", 0.7783),
            Map.entry("macro-1964-01-a", 1.4528),
            Map.entry("macro-1983-01-a", 0.5741),
            Map.entry("macro-1983-01-b", 0.6271),
            Map.entry("micro-1984-10-a", 0.6327),
            Map.entry("micro-1984-10-b", 0.3493),
            Map.entry("micro-1990-01-a", 0.7597),
            Map.entry("micro-1990-01-b", 0.7015),
            Map.entry("micro-1990-01-c", 0.7205));

    @Test
    void theBaseForecastsUnseenM3GroupsFarBetterThanSeasonalNaive() {
        Summary s = score(R_ETS_M3, "m3-monthly");
        // Measured: base 0.761 (0.756 with one set of constants for all series), seasonal naive
        // 1.002, R's ETS 0.684. Not held to ETS, because it loses there: by 11% on the mean, most
        // on macro (0.894 against 0.617), finance (0.807 against 0.575) and demographic (0.602
        // against 0.526), trending series of different kinds in one topology, where ETS chooses per
        // series (src/site/markdown/accuracy.md, "M3"). Their series start decades apart, so
        // fitting, which sees every series only up to the earliest first origin of all, has little
        // of most of them to give them constants of their own by. It beats ETS on micro, other and
        // the 1980s macro group.
        assertTrue(s.base() < 0.85 * s.seasonalNaive(), s.table());
        assertEquals(7, s.beatsSeasonalNaive(), s.table());
    }

    /**
     * Smoothing constants of their own for the series of a topology (the default,
     * {@code base.perSeries}), chosen with the topology's error as a prior, against one set for
     * all: on thirteen topologies of five to ten M3 series that share their dates, as a stream's
     * series do (every tenth of the 123 such groups the M3 monthly series not used above form;
     * {@code src/test/resources/data/m3-aligned/README.md}), drawn after the rule was chosen on
     * them all. The rule itself was chosen on those 123 ("Constants per series" in
     * src/site/markdown/accuracy.md): mean 0.709 against 0.722 with one set, better on 78, worse
     * on 45. R's ETS, which fits every series alone and refits at every origin, is the bar beside
     * it.
     */
    @Test
    void constantsOfTheirOwnBeatOneSetForAllOnM3TopologiesWhoseSeriesShareTheirDates() {
        StringBuilder table = new StringBuilder("topology              one set  own    R ets\n");
        double oneSet = 0;
        double own = 0;
        double ets = 0;
        List<String> sets = R_ETS_M3_ALIGNED.keySet().stream().sorted().toList();
        for (String set : sets) {
            double one = baseOnly(set, "m3-aligned", "base.perSeries=false")
                    .model()
                    .overall()
                    .mase();
            double each = baseOnly(set, "m3-aligned").model().overall().mase();
            double r = R_ETS_M3_ALIGNED.get(set);
            oneSet += one / sets.size();
            own += each / sets.size();
            ets += r / sets.size();
            table.append(String.format(Locale.ROOT, "%-21s %.3f    %.3f  %.3f%n", set, one, each, r));
        }
        table.append(String.format(Locale.ROOT, "%-21s %.3f    %.3f  %.3f%n", "mean", oneSet, own, ets));
        System.err.print(table);
        // Measured: one set 0.735, own 0.724, R's ETS 0.725 (own beats it on seven of thirteen).
        assertTrue(own < oneSet, table.toString());
        // As on the thirteen unseen monthly R sets: within 2% of R's ETS.
        assertTrue(own < 1.02 * ets, table.toString());
    }

    /**
     * Quarterly data with the monthly example's model settings; only step, period, window (two
     * seasons) and horizon (one season, as the protocol has it) follow the data.
     */
    @Test
    void theBaseForecastsUnseenQuarterlySeriesBetterThanRsEtsAndSeasonalNaive() {
        Summary s = score(R_ETS_QUARTERLY, "r-quarterly", "step=P3M", "period=4", "window=8", "horizon=4");
        // Measured: base 0.844, R's ETS 0.884, seasonal naive 1.593; the base beats seasonal naive
        // on all seven and R's ETS on four (JohnsonJohnson, UKgas, woolyrnq, GermanUnemployment).
        assertTrue(s.base() < s.ets(), s.table());
        assertEquals(7, s.beatsSeasonalNaive(), s.table());
    }

    /**
     * The adaptive base (what online topologies run: the topology's constants and two faster
     * alternatives, chosen per task on recent errors) on the same twenty unseen sets: it may follow
     * a break, and it must not lose where there is none. Measured: fixed 0.827, adaptive 0.814
     * (better on GermanUnemployment 0.649 -> 0.617 and UKNonDurables 1.119 -> 0.890, the same
     * elsewhere); chosen on one-step errors alone it was 0.831 and worse on six sets (UKDriverDeaths'
     * and front's seatbelt law, kms, gas, USAccDeaths, rear), which the whole-horizon half of the
     * error (CandidateForecasts) is there to prevent.
     */
    @Test
    void theAdaptiveBaseLosesOnNoUnseenSeriesAndGainsWhereTheyBreak() {
        StringBuilder table = new StringBuilder("data set            fixed  adaptive\n");
        double fixedMean = 0;
        double adaptiveMean = 0;
        int worse = 0;
        List<String[]> sets = new ArrayList<>();
        R_ETS_MONTHLY.keySet().stream().sorted().forEach(set -> sets.add(new String[] {set, "r-monthly"}));
        R_ETS_QUARTERLY.keySet().stream().sorted().forEach(set -> sets.add(new String[] {set, "r-quarterly"}));
        for (String[] set : sets) {
            String[] calendar = set[1].equals("r-quarterly")
                    ? new String[] {"step=P3M", "period=4", "window=8", "horizon=4"}
                    : new String[0];
            double fixed = baseOnly(set[0], set[1], calendar).model().overall().mase();
            String[] adaptiveCalendar = Arrays.copyOf(calendar, calendar.length + 1);
            adaptiveCalendar[calendar.length] = "base.adaptive=true";
            double adaptive =
                    baseOnly(set[0], set[1], adaptiveCalendar).model().overall().mase();
            fixedMean += fixed / sets.size();
            adaptiveMean += adaptive / sets.size();
            // Within the promotion margin (1%) is a tie, as the selector itself counts it.
            worse += adaptive > fixed * 1.01 ? 1 : 0;
            table.append(String.format(Locale.ROOT, "%-19s %.3f  %.3f%n", set[0], fixed, adaptive));
        }
        table.append(String.format(Locale.ROOT, "%-19s %.3f  %.3f%n", "mean", fixedMean, adaptiveMean));
        System.err.print(table);
        assertEquals(0, worse, "sets where adapting lost\n" + table);
        assertTrue(adaptiveMean < fixedMean, table.toString());
    }

    /** Base, seasonal naive and R's ETS MASE per set and their means. */
    private record Summary(double base, double seasonalNaive, double ets, int beatsSeasonalNaive, String table) {}

    private static Summary score(Map<String, Double> rEts, String directory, String... calendar) {
        double base = 0;
        double seasonalNaive = 0;
        double ets = 0;
        int beatsSeasonalNaive = 0;
        StringBuilder table = new StringBuilder("data set            base   snaive  R ets\n");
        for (Map.Entry<String, Double> set :
                rEts.entrySet().stream().sorted(Map.Entry.comparingByKey()).toList()) {
            BacktestScore score = baseOnly(set.getKey(), directory, calendar);
            assertEquals(0, score.missingForecasts(), set.getKey() + ": a forecast for every origin");
            double b = score.model().overall().mase();
            double s = score.seasonalNaive().overall().mase();
            base += b / rEts.size();
            seasonalNaive += s / rEts.size();
            ets += set.getValue() / rEts.size();
            beatsSeasonalNaive += b < s ? 1 : 0;
            table.append(String.format(Locale.ROOT, "%-19s %.3f  %.3f  %.3f%n", set.getKey(), b, s, set.getValue()));
        }
        table.append(String.format(Locale.ROOT, "%-19s %.3f  %.3f  %.3f%n", "mean", base, seasonalNaive, ets));
        System.err.print(table);
        return new Summary(base, seasonalNaive, ets, beatsSeasonalNaive, table.toString());
    }

    /**
     * The fixed base's run of a set is scored once for the class: the adaptive test compares with
     * the very runs the other two score (a base-only backtest is deterministic).
     */
    private static BacktestScore baseOnly(String set, String directory, String... calendar) {
        List<String> overrides = new ArrayList<>(List.of("name=" + set));
        overrides.addAll(List.of(calendar));
        return RUNS.computeIfAbsent(
                directory + "/" + overrides,
                key -> BaseOnlyBacktest.run(
                        "airpassengers",
                        Path.of("src/test/resources/data/" + directory + "/" + set + ".csv"),
                        overrides,
                        System.err));
    }
}
