package io.streamcast.backtest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns a {@link BacktestScore} into what people and machines read: an aligned plain-text table
 * with a one-line verdict, and a JSON file.
 */
public final class BacktestReport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private BacktestReport() {}

    /**
     * The accuracy table: one row per horizon and an "all" row; the model's MAE, RMSE, sMAPE and
     * MASE, the base method's MASE when there is one, the MASE of both baselines, the model's
     * interval coverage when it gave intervals and their mean scaled interval score (MSIS) when the
     * score knows the level they aim at; then notes on missing or odd forecasts and the
     * verdict. MASE is the mean of the per-series MASEs, the other figures are pooled over pairs.
     */
    public static String table(BacktestScore score) {
        boolean coverage = score.model().overall().coverage() != null;
        boolean base = score.base() != null;
        boolean network = score.network() != null;
        List<String> header = new ArrayList<>(List.of("h", "MAE", "RMSE", "sMAPE%", "MASE"));
        if (base) {
            header.add("base MASE");
        }
        if (network) {
            header.add("network MASE");
        }
        header.addAll(List.of("naive MASE", "snaive MASE"));
        Double level = coverage ? score.intervalLevel() : null;
        if (coverage) {
            header.add("coverage");
        }
        if (level != null) {
            header.add("MSIS");
        }
        List<List<String>> rows = new ArrayList<>();
        for (int h = 1; h <= score.horizon(); h++) {
            rows.add(row(
                    Integer.toString(h),
                    score.model().atHorizon(h),
                    base ? score.base().atHorizon(h) : null,
                    network ? score.network().atHorizon(h) : null,
                    score.naive().atHorizon(h),
                    score.seasonalNaive().atHorizon(h),
                    coverage,
                    level));
        }
        rows.add(row(
                "all",
                score.model().overall(),
                base ? score.base().overall() : null,
                network ? score.network().overall() : null,
                score.naive().overall(),
                score.seasonalNaive().overall(),
                coverage,
                level));

        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "backtest: %d series, %d scorable (origin, h) pairs, period %d, horizon %d, holdout %s%n",
                score.series().size(),
                score.scorablePairs(),
                score.period(),
                score.horizon(),
                trim(score.holdout())));
        out.append(aligned(header, rows));
        quantileLines(score).forEach(line -> out.append(line).append(System.lineSeparator()));
        anomalyLine(score).ifPresent(line -> out.append(line).append(System.lineSeparator()));
        notes(score).forEach(note -> out.append(note).append(System.lineSeparator()));
        out.append(verdict(score)).append(System.lineSeparator());
        return out.toString();
    }

    /**
     * One line comparing the model with seasonal naive, e.g.
     * {@code model MASE 0.83 vs seasonal naive 1.00 (better)}, or, when a base method was scored,
     * with the base and both baselines after it, e.g.
     * {@code model MASE 0.39 vs base 0.41 (better), seasonal naive 1.60, naive 2.81}. MAE stands in
     * when a MASE is missing (no series has a MASE scale).
     */
    public static String verdict(BacktestScore score) {
        ErrorStats model = score.model().overall();
        ErrorStats baseline = score.seasonalNaive().overall();
        if (model.count() == 0) {
            return "model: no forecasts scored (" + score.missingForecasts() + " of " + score.scorablePairs()
                    + " missing); seasonal naive MASE " + fixed(baseline.mase())
                    + (score.base() == null
                            ? ""
                            : ", base MASE " + fixed(score.base().overall().mase()));
        }
        // Against the base only when it has figures: a base without usable forecasts compares as nothing.
        ErrorStats base = score.base() == null || score.base().overall().count() == 0
                ? null
                : score.base().overall();
        ErrorStats naive = score.naive().overall();
        boolean mase = Double.isFinite(model.mase())
                && Double.isFinite(baseline.mase())
                && (base == null || Double.isFinite(base.mase()));
        String metric = mase ? "MASE" : "MAE";
        double ours = mase ? model.mase() : model.mae();
        String line;
        if (base == null) {
            double theirs = mase ? baseline.mase() : baseline.mae();
            line = String.format(
                    Locale.ROOT,
                    "model %s %s vs seasonal naive %s (%s)",
                    metric,
                    figure(ours, mase),
                    figure(theirs, mase),
                    comparison(ours, theirs));
        } else {
            double theirs = mase ? base.mase() : base.mae();
            line = String.format(
                    Locale.ROOT,
                    "model %s %s vs base %s (%s), seasonal naive %s, naive %s",
                    metric,
                    figure(ours, mase),
                    figure(theirs, mase),
                    comparison(ours, theirs),
                    figure(mase ? baseline.mase() : baseline.mae(), mase),
                    figure(mase ? naive.mase() : naive.mae(), mase));
        }
        if (score.base() != null && base == null) {
            line += "; base: no forecasts scored";
        }
        if (score.network() != null && score.network().overall().count() > 0 && base != null) {
            double network = mase
                    ? score.network().overall().mase()
                    : score.network().overall().mae();
            line += String.format(
                    Locale.ROOT,
                    "; the network's own forecasts %s %s vs base %s (%s)",
                    metric,
                    figure(network, mase),
                    figure(mase ? base.mase() : base.mae(), mase),
                    comparison(network, mase ? base.mase() : base.mae()));
        }
        int unscored = score.missingForecasts() + score.nonFiniteForecasts();
        if (unscored > 0) {
            line += String.format(
                    Locale.ROOT,
                    "; incomplete: %d of %d pairs have no usable model forecast",
                    unscored,
                    score.scorablePairs());
        }
        return line;
    }

    /** Writes the whole score as indented JSON; NaN figures are written as the string "NaN". */
    public static void writeJson(Path out, BacktestScore score) {
        try {
            JSON.writeValue(out.toFile(), score);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
        }
    }

    /**
     * One line per further quantile the served forecasts carried: how often the actual fell at or
     * below it, overall and the range over the horizon steps, beside its probability, and its scaled
     * pinball loss; e.g. {@code quantile 0.95: 94.1% of actuals at or below (steps 90.0-97.5%),
     * scaled pinball loss 0.052}.
     */
    static List<String> quantileLines(BacktestScore score) {
        if (score.quantiles() == null) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        for (QuantileScore q : score.quantiles()) {
            DoubleSummaryStatistics steps = q.shareBelowByHorizon().stream()
                    .filter(Double::isFinite)
                    .mapToDouble(Double::doubleValue)
                    .summaryStatistics();
            lines.add(String.format(
                    Locale.ROOT,
                    "quantile %s: %.1f%% of actuals at or below (steps %.1f-%.1f%%), scaled pinball loss %s",
                    q.probability(),
                    100 * q.shareBelow(),
                    100 * steps.getMin(),
                    100 * steps.getMax(),
                    Double.isFinite(q.scaledPinball()) ? String.format(Locale.ROOT, "%.3f", q.scaledPinball()) : "-"));
        }
        return lines;
    }

    /**
     * How many judged actuals the served intervals flagged, e.g. {@code anomalies: 41 of 230
     * judged actuals (17.8%) fell outside the interval forecast for them, 3 by at least one
     * half-width}; empty when they were not counted.
     */
    static Optional<String> anomalyLine(BacktestScore score) {
        AnomalyTally a = score.anomalies();
        if (a == null || a.judged() == 0) {
            return Optional.empty();
        }
        return Optional.of(String.format(
                Locale.ROOT,
                "anomalies: %d of %d judged actuals (%.1f%%) fell outside the interval forecast for them, %d by at least one half-width",
                a.events(),
                a.judged(),
                100 * a.share(),
                a.scoredAtLeastOne()));
    }

    private static List<String> notes(BacktestScore score) {
        List<String> notes = new ArrayList<>();
        if (score.missingForecasts() > 0) {
            notes.add(String.format(
                    Locale.ROOT,
                    "MISSING: %d of %d scorable pairs have no model forecast (model figures cover the rest)",
                    score.missingForecasts(),
                    score.scorablePairs()));
        }
        if (score.nonFiniteForecasts() > 0) {
            notes.add(
                    "NON-FINITE: " + score.nonFiniteForecasts() + " model forecasts were NaN or infinite (not scored)");
        }
        if (score.duplicateForecasts() > 0) {
            notes.add("DUPLICATES: " + score.duplicateForecasts()
                    + " extra rows for an already seen (series, origin, h)");
        }
        if (score.targetTsMismatches() > 0) {
            notes.add("TS MISMATCH: " + score.targetTsMismatches()
                    + " model rows target a ts other than the actual h steps after the origin");
        }
        if (score.base() != null && score.base().overall().count() < score.scorablePairs()) {
            notes.add(String.format(
                    Locale.ROOT,
                    "BASE MISSING: %d of %d scorable pairs have no usable base forecast (base figures cover the rest)",
                    score.scorablePairs() - score.base().overall().count(),
                    score.scorablePairs()));
        }
        long unscaled = score.series().stream().filter(s -> !s.hasScale()).count();
        if (unscaled > 0) {
            notes.add("no MASE for " + unscaled + " of " + score.series().size()
                    + " series (no full period before the first origin, or constant there)");
        }
        return notes;
    }

    /** A table row; {@code base} and {@code network} are null when there is no such column. */
    private static List<String> row(
            String label,
            ErrorStats model,
            ErrorStats base,
            ErrorStats network,
            ErrorStats naive,
            ErrorStats seasonalNaive,
            boolean coverage,
            Double level) {
        List<String> row = new ArrayList<>(List.of(
                label, significant(model.mae()), significant(model.rmse()), fixed(model.smape()), fixed(model.mase())));
        if (base != null) {
            row.add(fixed(base.mase()));
        }
        if (network != null) {
            row.add(fixed(network.mase()));
        }
        row.addAll(List.of(fixed(naive.mase()), fixed(seasonalNaive.mase())));
        if (coverage) {
            row.add(model.coverage() == null ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * model.coverage()));
        }
        if (level != null) {
            Double msis = model.msis(level);
            row.add(msis == null ? "-" : fixed(msis));
        }
        return row;
    }

    private static String comparison(double ours, double theirs) {
        return ours < theirs ? "better" : ours > theirs ? "worse" : "same";
    }

    /** MASE with two decimals, MAE in the data's units. */
    private static String figure(double value, boolean mase) {
        return mase ? fixed(value) : significant(value);
    }

    /** First column left-aligned, the numbers right-aligned, two spaces between columns. */
    private static String aligned(List<String> header, List<List<String>> rows) {
        int[] widths = new int[header.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = header.get(c).length();
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        StringBuilder out = new StringBuilder();
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        for (List<String> row : all) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < widths.length; c++) {
                String cell = row.get(c);
                String pad = " ".repeat(widths[c] - cell.length());
                line.append(c == 0 ? cell + pad : "  " + pad + cell);
            }
            out.append(line.toString().stripTrailing()).append(System.lineSeparator());
        }
        return out.toString();
    }

    /** Two decimals, for unit-free figures (MASE, sMAPE). */
    private static String fixed(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.2f", value) : "-";
    }

    /** Errors in the data's own units: four significant digits, without exponent for everyday sizes. */
    private static String significant(double value) {
        if (!Double.isFinite(value)) {
            return "-";
        }
        double abs = Math.abs(value);
        if (abs >= 1e7 || (abs < 1e-3 && abs > 0)) {
            return String.format(Locale.ROOT, "%.3e", value);
        }
        int decimals = abs == 0 ? 0 : Math.max(0, 3 - (int) Math.floor(Math.log10(abs)));
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    private static String trim(double value) {
        return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
