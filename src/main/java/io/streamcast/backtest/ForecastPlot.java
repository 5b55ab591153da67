package io.streamcast.backtest;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * One PNG with a chart per series, stacked vertically: the actuals over the forecast region with
 * some context before it, the h = 1 forecasts, the h = H forecasts and the h = 1 interval as a
 * shaded band (and, when the forecasts carry quantiles, the widest pair of them as a lighter one). Each forecast is drawn at its target time, so a line that hugs the actuals one
 * step late is the "last value shifted" failure made visible.
 */
public final class ForecastPlot {
    /** Charts per PNG when the caller has no opinion; more become unreadable in one image. */
    public static final int DEFAULT_MAX_SERIES = 6;

    private static final int WIDTH = 1100;
    private static final int HEIGHT_PER_SERIES = 340;
    /** Actual points shown before the first forecast origin, in multiples of H. */
    private static final int CONTEXT_HORIZONS = 2;

    private static final int MIN_CONTEXT_POINTS = 24;

    private static final Color ACTUAL = new Color(30, 30, 30);
    private static final Color FIRST_STEP = new Color(31, 119, 180);
    private static final Color LAST_STEP = new Color(230, 120, 20);
    private static final Color BAND = new Color(31, 119, 180, 60);
    private static final Color OUTER_BAND = new Color(31, 119, 180, 25);

    static {
        // Rendering to a bitmap needs no display; without this AWT tries to reach one on servers.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private ForecastPlot() {}

    /**
     * Writes the PNG.
     *
     * @param maxSeries the first this many series (actuals order, then series only in the rows)
     *                  are drawn; the rest are left out of the picture
     */
    public static void write(Path png, Map<String, List<SeriesPoint>> actuals, List<ForecastRow> rows, int maxSeries) {
        if (maxSeries < 1) {
            throw new IllegalArgumentException("maxSeries must be >= 1, was " + maxSeries);
        }
        Map<String, List<ForecastRow>> rowsBySeries = rows.stream().collect(Collectors.groupingBy(ForecastRow::series));
        Set<String> names = new LinkedHashSet<>(actuals.keySet());
        rows.forEach(row -> names.add(row.series()));
        List<XYChart> charts = names.stream()
                .limit(maxSeries)
                .map(name ->
                        chart(name, actuals.getOrDefault(name, List.of()), rowsBySeries.getOrDefault(name, List.of())))
                .toList();
        if (charts.isEmpty()) {
            throw new IllegalArgumentException("nothing to plot: no series and no forecasts");
        }
        try (OutputStream out = Files.newOutputStream(png)) {
            BitmapEncoder.saveBitmap(charts, charts.size(), 1, out, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + png + ": " + e.getMessage(), e);
        }
    }

    private static XYChart chart(String name, List<SeriesPoint> actuals, List<ForecastRow> rows) {
        int horizon = rows.stream().mapToInt(ForecastRow::h).max().orElse(0);
        XYChart chart = new XYChartBuilder()
                .width(WIDTH)
                .height(HEIGHT_PER_SERIES)
                .title(title(name, horizon, rows))
                .xAxisTitle("time (UTC)")
                .yAxisTitle("value")
                .build();
        style(chart, actuals);

        Instant from = visibleFrom(actuals, rows, horizon);
        List<SeriesPoint> shown =
                actuals.stream().filter(p -> !p.ts().isBefore(from)).toList();
        List<ForecastRow> firstStep = sortedAt(rows, 1);
        List<ForecastRow> lastStep = horizon > 1 ? sortedAt(rows, horizon) : List.of();

        List<ForecastRow> quantiled = firstStep.stream()
                .filter(row -> row.quantiles() != null && row.quantiles().size() >= 2)
                .toList();
        if (!quantiled.isEmpty()) {
            // The widest pair of quantiles, lighter and underneath the interval.
            List<String> keys = List.copyOf(quantiled.get(0).quantiles().keySet());
            String low = keys.get(0);
            String high = keys.get(keys.size() - 1);
            addBand(
                    chart,
                    "h=1 quantiles " + low + "-" + high,
                    quantiled,
                    row -> row.quantiles().get(high),
                    row -> row.quantiles().get(low),
                    OUTER_BAND);
        }
        List<ForecastRow> banded =
                firstStep.stream().filter(ForecastRow::hasInterval).toList();
        if (!banded.isEmpty()) {
            addBand(chart, "h=1 interval", banded, ForecastRow::upper, ForecastRow::lower, BAND);
        }
        if (!shown.isEmpty()) {
            XYSeries s = chart.addSeries(
                    "actual",
                    dates(shown.stream().map(SeriesPoint::ts).toList()),
                    shown.stream().map(SeriesPoint::value).toList());
            line(s, ACTUAL, 2.0f, null);
        }
        if (!firstStep.isEmpty()) {
            line(addRows(chart, "forecast h=1", firstStep), FIRST_STEP, 1.6f, null);
        }
        if (!lastStep.isEmpty()) {
            line(addRows(chart, "forecast h=" + horizon, lastStep), LAST_STEP, 1.6f, new float[] {6f, 4f});
        }
        if (shown.isEmpty() && firstStep.isEmpty() && lastStep.isEmpty()) {
            // XChart refuses to draw a chart without series.
            chart.addSeries("no data", new double[] {0}, new double[] {0}).setMarker(SeriesMarkers.NONE);
        }
        return chart;
    }

    private static String title(String name, int horizon, List<ForecastRow> rows) {
        if (rows.isEmpty()) {
            return name + ": no forecasts";
        }
        long origins = rows.stream().map(ForecastRow::origin).distinct().count();
        return name + ": actuals and forecasts at their target time (" + origins + " origins, H=" + horizon + ")";
    }

    private static void style(XYChart chart, List<SeriesPoint> actuals) {
        var styler = chart.getStyler();
        styler.setTimezone(TimeZone.getTimeZone("UTC"));
        styler.setDatePattern(datePattern(actuals));
        styler.setLegendPosition(LegendPosition.InsideNW);
        styler.setLegendBackgroundColor(new Color(255, 255, 255, 200));
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotGridLinesColor(new Color(225, 225, 225));
        styler.setMarkerSize(0);
        styler.setXAxisLabelRotation(0);
    }

    /** Month granularity for monthly data, hours for hourly, so tick labels stay short. */
    private static String datePattern(List<SeriesPoint> actuals) {
        if (actuals.size() < 2) {
            return "yyyy-MM-dd HH:mm";
        }
        Duration step = Duration.between(actuals.get(0).ts(), actuals.get(1).ts());
        if (step.toDays() >= 28) {
            return "yyyy-MM";
        }
        return step.toDays() >= 1 ? "yyyy-MM-dd" : "MM-dd HH:mm";
    }

    /** A few horizons of actuals before the first forecast origin, so the forecasts have a past. */
    private static Instant visibleFrom(List<SeriesPoint> actuals, List<ForecastRow> rows, int horizon) {
        if (rows.isEmpty()) {
            int tail = 4 * MIN_CONTEXT_POINTS;
            return actuals.isEmpty()
                    ? Instant.MIN
                    : actuals.get(Math.max(0, actuals.size() - tail)).ts();
        }
        Instant firstOrigin = rows.stream()
                .map(ForecastRow::origin)
                .min(Comparator.naturalOrder())
                .orElseThrow();
        int context = Math.max(MIN_CONTEXT_POINTS, CONTEXT_HORIZONS * horizon);
        int originIndex = 0;
        while (originIndex < actuals.size() && actuals.get(originIndex).ts().isBefore(firstOrigin)) {
            originIndex++;
        }
        int start = Math.max(0, originIndex - context);
        return start < actuals.size() ? actuals.get(start).ts() : firstOrigin;
    }

    private static List<ForecastRow> sortedAt(List<ForecastRow> rows, int h) {
        return rows.stream()
                .filter(r -> r.h() == h)
                .sorted(Comparator.comparing(ForecastRow::ts))
                .toList();
    }

    private static XYSeries addRows(XYChart chart, String label, List<ForecastRow> rows) {
        return chart.addSeries(
                label,
                dates(rows.stream().map(ForecastRow::ts).toList()),
                rows.stream().map(ForecastRow::forecast).toList());
    }

    /** A band is one closed polygon: along the upper bounds forward, back along the lower ones. */
    private static void addBand(
            XYChart chart,
            String label,
            List<ForecastRow> banded,
            Function<ForecastRow, Double> upper,
            Function<ForecastRow, Double> lower,
            Color color) {
        List<Instant> ts = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (ForecastRow row : banded) {
            ts.add(row.ts());
            values.add(upper.apply(row));
        }
        for (int i = banded.size() - 1; i >= 0; i--) {
            ts.add(banded.get(i).ts());
            values.add(lower.apply(banded.get(i)));
        }
        XYSeries band = chart.addSeries(label, dates(ts), values);
        band.setXYSeriesRenderStyle(XYSeriesRenderStyle.PolygonArea);
        band.setFillColor(color);
        band.setLineColor(color);
        band.setMarker(SeriesMarkers.NONE);
    }

    private static void line(XYSeries series, Color color, float width, float[] dash) {
        series.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
        series.setLineColor(color);
        series.setMarker(SeriesMarkers.NONE);
        series.setLineStyle(
                dash == null
                        ? new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND)
                        : new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, dash, 0f));
    }

    private static List<Date> dates(List<Instant> instants) {
        return instants.stream().map(Date::from).toList();
    }
}
