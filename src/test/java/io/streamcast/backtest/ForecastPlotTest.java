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

    /** Seasonal naive forecasts from the AirPassengers holdout origins, named as the given series. */
    private static List<ForecastRow> holdoutRows(List<SeriesPoint> points, String series) {
        int first = HoldoutProtocol.firstOriginIndex(points.size(), 0.2);
        return AirPassengersReferenceTest.seasonalNaiveRows(points, 12, 12).stream()
                .filter(r -> !r.origin().isBefore(points.get(first).ts()))
                .map(r -> new ForecastRow(series, r.origin(), r.h(), r.ts(), r.forecast(), r.lower(), r.upper()))
                .toList();
    }
}
