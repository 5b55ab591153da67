package io.streamcast.backtest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForecastPlotTest {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @TempDir
    Path dir;

    @Test
    void writesAReadablePngWithOneChartPerSeries() throws Exception {
        Map<String, List<SeriesPoint>> actuals = AirPassengersReferenceTest.airPassengers();
        List<ForecastRow> rows = holdoutRows(actuals.get("AirPassengers"), "AirPassengers");
        Path png = dir.resolve("forecasts.png");

        ForecastPlot.write(png, actuals, rows, ForecastPlot.DEFAULT_MAX_SERIES);

        byte[] bytes = Files.readAllBytes(png);
        assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(bytes, 8));
        assertTrue(bytes.length > 20_000, "a chart, not a blank image: " + bytes.length + " bytes");
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(1, image.getHeight() / 340, "one chart");
    }

    @Test
    void drawsAtMostMaxSeriesCharts() throws Exception {
        List<SeriesPoint> points = AirPassengersReferenceTest.airPassengers().get("AirPassengers");
        Map<String, List<SeriesPoint>> actuals = new LinkedHashMap<>();
        List<ForecastRow> rows = new ArrayList<>();
        for (int s = 1; s <= 4; s++) {
            actuals.put("series " + s, points);
            rows.addAll(holdoutRows(points, "series " + s));
        }
        Path png = dir.resolve("four.png");

        ForecastPlot.write(png, actuals, rows, 3);

        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(3 * 340, image.getHeight());
    }

    /** Forecasts with quantiles get a second, lighter band: the widest pair of them at h = 1. */
    @Test
    void quantilesAddALighterBandAroundTheInterval() throws Exception {
        Map<String, List<SeriesPoint>> actuals = AirPassengersReferenceTest.airPassengers();
        List<ForecastRow> plain = holdoutRows(actuals.get("AirPassengers"), "AirPassengers").stream()
                .map(r -> new ForecastRow(
                        r.series(), r.origin(), r.h(), r.ts(), r.forecast(), r.forecast() - 20, r.forecast() + 20))
                .toList();
        List<ForecastRow> withQuantiles = plain.stream()
                .map(r -> new ForecastRow(
                        r.series(),
                        r.origin(),
                        r.h(),
                        r.ts(),
                        r.forecast(),
                        r.lower(),
                        r.upper(),
                        new java.util.TreeMap<>(
                                Map.of("0.05", r.forecast() - 60, "0.5", r.forecast(), "0.95", r.forecast() + 60))))
                .toList();
        Path without = dir.resolve("without.png");
        Path with = dir.resolve("with.png");
        ForecastPlot.write(without, actuals, plain, 1);
        ForecastPlot.write(with, actuals, withQuantiles, 1);
        assertTrue(
                tinted(with) > tinted(without) * 1.2,
                "the outer band tints more of the chart: " + tinted(with) + " vs " + tinted(without) + " pixels");
    }

    /** Pixels neither white nor grey: the bands and lines. */
    private static long tinted(Path png) throws Exception {
        BufferedImage image = ImageIO.read(png.toFile());
        long n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                n += b > r + 8 ? 1 : 0;
            }
        }
        return n;
    }

    /** Seasonal naive forecasts from the AirPassengers holdout origins, named as the given series. */
    private static List<ForecastRow> holdoutRows(List<SeriesPoint> points, String series) {
        int first = HoldoutProtocol.firstOriginIndex(points.size(), 0.2);
        return AirPassengersReferenceTest.seasonalNaiveRows(points, 12, 12).stream()
                .filter(r -> !r.origin().isBefore(points.get(first).ts()))
                .map(r -> new ForecastRow(series, r.origin(), r.h(), r.ts(), r.forecast(), r.lower(), r.upper()))
                .toList();
    }
}
