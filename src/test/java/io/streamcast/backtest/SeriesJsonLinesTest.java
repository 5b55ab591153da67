package io.streamcast.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.ingest.RejectReason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file of the input topic's messages, one a line, as kcat dumps a topic: read as the service
 * reads each record, what it would dead-letter left out and counted.
 */
class SeriesJsonLinesTest {
    @TempDir
    Path dir;

    @Test
    void messagesWithTheirSeriesFieldKeyedOrInKcatsEnvelopesAreTheSameObservations() throws IOException {
        Path plain = write(
                "{\"series\":\"a\",\"ts\":\"2024-01-01T01:00:00Z\",\"value\":2}",
                "",
                "{\"series\":\"a\",\"ts\":\"2024-01-01T00:00:00Z\",\"value\":1,\"features\":{\"price\":3.5}}",
                "{\"series\":\"b\",\"ts\":1704067200000,\"value\":7}");
        Path keyed = write(
                "a\t{\"ts\":\"2024-01-01T01:00:00Z\",\"value\":2}",
                "a\t{\"ts\":\"2024-01-01T00:00:00Z\",\"value\":1,\"features\":{\"price\":3.5}}",
                "\t{\"series\":\"b\",\"ts\":1704067200000,\"value\":7}");
        Path enveloped = write(
                "{\"topic\":\"observations\",\"partition\":0,\"offset\":0,\"tstype\":\"create\",\"ts\":1,\"key\":\"a\","
                        + "\"payload\":\"{\\\"ts\\\":\\\"2024-01-01T01:00:00Z\\\",\\\"value\\\":2}\"}",
                "{\"topic\":\"observations\",\"partition\":0,\"offset\":1,\"tstype\":\"create\",\"ts\":1,\"key\":\"a\","
                        + "\"payload\":\"{\\\"ts\\\":\\\"2024-01-01T00:00:00Z\\\",\\\"value\\\":1,\\\"features\\\":"
                        + "{\\\"price\\\":3.5}}\"}",
                "{\"topic\":\"observations\",\"partition\":1,\"offset\":0,\"tstype\":\"create\",\"ts\":1,\"key\":null,"
                        + "\"payload\":\"{\\\"series\\\":\\\"b\\\",\\\"ts\\\":1704067200000,\\\"value\\\":7}\"}");
        Map<String, List<SeriesPoint>> expected = Map.of(
                "a",
                List.of(
                        new SeriesPoint(Instant.parse("2024-01-01T00:00:00Z"), 1, Map.of("price", 3.5)),
                        new SeriesPoint(Instant.parse("2024-01-01T01:00:00Z"), 2)),
                "b",
                List.of(new SeriesPoint(Instant.parse("2024-01-01T00:00:00Z"), 7)));
        for (Path file : List.of(plain, keyed, enveloped)) {
            assertTrue(SeriesJsonLines.isJsonLines(file), file.toString());
            SeriesJsonLines.Dump dump = SeriesJsonLines.read(file, null, false, null);
            assertEquals(expected, dump.series(), file.toString());
            assertEquals(null, dump.leftOutLine());
        }
        assertEquals(
                List.of("price"),
                SeriesJsonLines.read(plain, null, false, Set.of()).featuresNotRead());
        assertFalse(SeriesJsonLines.isJsonLines(write("series,ts,value", "a,2024-01-01,1")));
        assertFalse(SeriesJsonLines.isJsonLines(write("series\tts\tvalue", "a\t2024-01-01\t1")));
    }

    @Test
    void whatTheServiceWouldDeadLetterIsLeftOutAndCountedByReasonWithItsFirstLine() throws IOException {
        Path dump = write(
                "{\"series\":\"a\",\"ts\":\"2024-01-01T00:00:00Z\",\"value\":1}",
                "not json",
                "{\"series\":\"a\",\"ts\":\"2024-01-01T01:00:00Z\"}",
                "{\"series\":\"a\",\"ts\":\"2024-01-01T00:00:00Z\",\"value\":1}",
                "{\"series\":\"a\",\"ts\":\"2024-01-01T02:00:00Z\",\"value\":\"NaN\"}",
                "{\"ts\":\"2024-01-01T02:00:00Z\",\"value\":3}",
                "{\"series\":\"a\",\"ts\":\"2024-01-01 03:00:00\",\"value\":4}");

        SeriesJsonLines.Dump read = SeriesJsonLines.read(dump, null, false, null);

        assertEquals(
                List.of(1.0),
                read.series().get("a").stream().map(SeriesPoint::value).toList());
        assertEquals(1, read.leftOut().get(RejectReason.NOT_JSON));
        assertEquals(2, read.firstLine().get(RejectReason.NOT_JSON));
        assertEquals(1, read.leftOut().get(RejectReason.MISSING_VALUE));
        assertEquals(1, read.leftOut().get(RejectReason.DUPLICATE_TS));
        assertEquals(4, read.firstLine().get(RejectReason.DUPLICATE_TS));
        assertEquals(1, read.leftOut().get(RejectReason.MISSING_SERIES));
        assertEquals(1, read.leftOut().get(RejectReason.BAD_TS), "a local time without the topology's zone");
        assertTrue(
                read.leftOutLine()
                        .startsWith("6 records the service would dead-letter left out: NOT_JSON 1 (first on"
                                + " line 2), MISSING_SERIES 1"),
                read.leftOutLine());

        SeriesJsonLines.Dump inBerlin = SeriesJsonLines.read(dump, ZoneId.of("Europe/Berlin"), false, null);
        assertEquals(
                Instant.parse("2024-01-01T02:00:00Z"),
                inBerlin.series().get("a").get(1).ts(),
                "the topology's zone");
        SeriesJsonLines.Dump aggregated = SeriesJsonLines.read(dump, null, true, null);
        assertEquals(2, aggregated.series().get("a").size(), "readings a topology aggregates may share a ts");

        BacktestInputException nothing = assertThrows(
                BacktestInputException.class, () -> SeriesJsonLines.read(write("{\"x\":1}", "{}"), null, false, null));
        assertTrue(
                nothing.getMessage().contains(":2: no observation in this file of JSON lines: 2 records"),
                nothing.getMessage());
    }

    /**
     * A device feed's own JSON lines ({@code {"device":"a","time":1704067200,"temp":21.5}}), named
     * with {@code --columns}: each becomes the message the topic would carry, epoch seconds and
     * patterned times converted, other numbers features, and the service's parser judges it.
     */
    @Test
    void linesOfOtherFieldsNamedByColumnsBecomeTheTopicsMessages() throws IOException {
        Path feed = write(
                "{\"device\":\"a\",\"time\":1704067200,\"temp\":21.5,\"battery\":87,\"room\":\"kitchen\"}",
                "{\"device\":\"a\",\"time\":1704070800.5,\"temp\":22}",
                "{\"device\":\"b\",\"time\":1704067200000,\"temp\":19}",
                "{\"device\":\"b\",\"time\":1704070800}",
                "{\"time\":1704070800,\"temp\":3}");
        SeriesJsonLines.Fields fields = new SeriesJsonLines.Fields(
                CsvColumns.parse("series=device,ts=time,value=temp"), SeriesCsv.EpochUnit.AUTO, null, null);

        SeriesJsonLines.Dump read = SeriesJsonLines.read(feed, null, false, null, fields);

        assertEquals(
                List.of(
                        new SeriesPoint(Instant.parse("2024-01-01T00:00:00Z"), 21.5, Map.of("battery", 87.0)),
                        new SeriesPoint(Instant.parse("2024-01-01T01:00:00.500Z"), 22)),
                read.series().get("a"));
        assertEquals(
                List.of(new SeriesPoint(Instant.parse("2024-01-01T00:00:00Z"), 19)),
                read.series().get("b"),
                "milliseconds stay milliseconds");
        assertEquals(1, read.leftOut().get(RejectReason.MISSING_VALUE));
        assertEquals(1, read.leftOut().get(RejectReason.MISSING_SERIES));

        Path unnamed = dir.resolve("meter.jsonl");
        Files.writeString(unnamed, "{\"at\":\"01/01/2024 00:00\",\"kwh\":1.5}\n");
        SeriesJsonLines.Dump local = SeriesJsonLines.read(
                unnamed,
                null,
                false,
                null,
                new SeriesJsonLines.Fields(
                        CsvColumns.parse("ts=at,value=kwh"),
                        SeriesCsv.EpochUnit.AUTO,
                        TsFormat.of("MM/dd/yyyy HH:mm"),
                        ZoneId.of("Europe/Berlin")));
        assertEquals(
                Map.of("meter", List.of(new SeriesPoint(Instant.parse("2023-12-31T23:00:00Z"), 1.5))),
                local.series(),
                "the file's name as the series, the pattern read in the zone");
        assertThrows(
                IllegalArgumentException.class,
                () -> new SeriesJsonLines.Fields(
                        CsvColumns.parse("ts=t,value=*"), SeriesCsv.EpochUnit.AUTO, null, null));
    }

    private Path write(String... lines) throws IOException {
        Path file = Files.createTempFile(dir, "dump", ".jsonl");
        Files.writeString(file, String.join("\n", lines) + "\n");
        return file;
    }
}
