package io.streamcast.emit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link Forecast} with Jackson's streaming generator, field by field; the data-binding
 * mapper ({@link ForecastSerde#JSON}, used by REST) writes a forecast through it too, so both give
 * the same bytes ({@code ForecastSerdeTest} compares them), numbers at {@link ForecastNumbers}'
 * precision. Why by hand: the mapper's bean
 * serializers (reflective record accessors, a serializer lookup per field, {@code DateTimeFormatter}
 * for H + 1 timestamps) took a fifth of the stream thread in a JFR profile of {@code bench --series
 * 10000}, more than any other single step of a forecast. Same factory, so the same fast double writer.
 */
final class ForecastJson {
    /**
     * Per thread, the builder a forecast is written into before its exact copy is returned, reset
     * for each: a new one per forecast, grown once on the way (a 12-step forecast with intervals
     * is about 1.2 KB), was 8% of the stream thread's allocated bytes. Its first block holds a
     * forecast of a few dozen steps; a larger one grows it as before.
     */
    private static final ThreadLocal<ByteArrayBuilder> BUILDER =
            ThreadLocal.withInitial(() -> new ByteArrayBuilder(16 * 1024));

    private ForecastJson() {}

    static byte[] write(JsonFactory factory, Forecast f) {
        ByteArrayBuilder out = BUILDER.get();
        out.reset();
        try (JsonGenerator g = factory.createGenerator(out)) {
            writeTo(g, f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The forecast as one JSON object: what the forecasts topic carries and what REST answers. */
    static void writeTo(JsonGenerator g, Forecast f) throws IOException {
        char[] ts = new char[UtcTimestamp.LENGTH];
        g.writeStartObject();
        stringField(g, "series", f.series());
        timestampField(g, "origin", f.origin(), ts);
        stringField(g, "model", f.model());
        g.writeNumberField("version", f.version());
        stringField(g, "topology", f.topology());
        List<ForecastPoint> points = f.points();
        if (points instanceof PublishedForecastPoints published) {
            g.writeArrayFieldStart("points");
            writePublished(g, published, ts);
            g.writeEndArray();
        } else if (points != null) {
            g.writeArrayFieldStart("points");
            int decimals = ForecastNumbers.decimals(points);
            ForecastNumbers numbers = ForecastNumbers.writer();
            for (ForecastPoint p : points) {
                writePoint(g, p, ts, numbers, decimals);
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    /** The points of a forecast as published, from its arrays: the bytes {@link #writePoint} writes for the points it lists. */
    private static void writePublished(JsonGenerator g, PublishedForecastPoints points, char[] ts) throws IOException {
        if (points.isEmpty()) {
            return;
        }
        int decimals = ForecastNumbers.decimals(points.lower(0), points.upper(0));
        ForecastNumbers numbers = ForecastNumbers.writer();
        for (int i = 0; i < points.size(); i++) {
            g.writeStartObject();
            g.writeNumberField("h", i + 1);
            timestampField(g, "ts", points.timestamp(i), ts);
            g.writeFieldName("value");
            numbers.write(g, points.value(i), decimals);
            g.writeFieldName("lower");
            numbers.write(g, points.lower(i), decimals);
            g.writeFieldName("upper");
            numbers.write(g, points.upper(i), decimals);
            if (points.quantileCount() > 0) {
                g.writeObjectFieldStart("quantiles");
                for (int q = 0; q < points.quantileCount(); q++) {
                    g.writeFieldName(points.quantileKey(q));
                    numbers.write(g, points.quantile(q, i), decimals);
                }
                g.writeEndObject();
            }
            g.writeEndObject();
        }
    }

    private static void writePoint(JsonGenerator g, ForecastPoint p, char[] ts, ForecastNumbers numbers, int decimals)
            throws IOException {
        g.writeStartObject();
        g.writeNumberField("h", p.h());
        timestampField(g, "ts", p.ts(), ts);
        g.writeFieldName("value");
        numbers.write(g, p.value(), decimals);
        if (p.lower() != null) {
            g.writeFieldName("lower");
            numbers.write(g, p.lower(), decimals);
        }
        if (p.upper() != null) {
            g.writeFieldName("upper");
            numbers.write(g, p.upper(), decimals);
        }
        if (p.quantiles() != null) {
            g.writeObjectFieldStart("quantiles");
            for (Map.Entry<String, Double> q : p.quantiles().entrySet()) {
                g.writeFieldName(q.getKey());
                numbers.write(g, q.getValue(), decimals);
            }
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    /**
     * An anomaly event by hand too, for the same reasons: with calibrated 80% intervals one actual
     * in five is outside and raises one (the mapper's bean serializer was 1.7% of the stream thread
     * in the performance issue's drain). Fields in the record's order, nulls left out, doubles in
     * their shortest round-trip form, as the mapper writes them ({@code AnomalySerdeTest}).
     */
    static byte[] write(JsonFactory factory, Anomaly a) {
        ByteArrayBuilder out = BUILDER.get();
        out.reset();
        char[] ts = new char[UtcTimestamp.LENGTH];
        try (JsonGenerator g = factory.createGenerator(out)) {
            g.writeStartObject();
            stringField(g, "series", a.series());
            timestampField(g, "ts", a.ts(), ts);
            g.writeNumberField("actual", a.actual());
            g.writeNumberField("forecast", a.forecast());
            g.writeNumberField("lower", a.lower());
            g.writeNumberField("upper", a.upper());
            g.writeNumberField("h", a.h());
            timestampField(g, "origin", a.origin(), ts);
            stringField(g, "model", a.model());
            if (a.version() != null) {
                g.writeNumberField("version", a.version().longValue());
            }
            stringField(g, "topology", a.topology());
            g.writeNumberField("score", a.score());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void stringField(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    private static void timestampField(JsonGenerator g, String name, Instant t, char[] buf) throws IOException {
        if (t == null) {
            return;
        }
        g.writeFieldName(name);
        int n = UtcTimestamp.write(t, buf);
        if (n < 0) {
            g.writeString(t.toString());
        } else {
            g.writeString(buf, 0, n);
        }
    }
}
