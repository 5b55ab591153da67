package io.streamcast.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A tiny `bench` end to end on the embedded broker: both topologies drain the backlog, the
 * network (seeded from the pretrained checkpoint) computes and serves forecasts, the figures land
 * in the JSON, and the ratio is the last line. No speed thresholds: the machine decides those.
 */
class BenchCommandIT {
    @Test
    void tinyBenchMeasuresBothTopologiesAndPrintsTheRatioLast(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("bench.json");
        StringWriter captured = new StringWriter();
        CommandLine cli = StreamcastCommand.commandLine();
        cli.setOut(new PrintWriter(captured, true));
        int status = cli.execute(
                "bench",
                "--quick",
                "--series",
                "20",
                "--observations",
                "80",
                "--no-model",
                "--io-ceiling",
                "--live-seconds",
                "2",
                "--train-seconds",
                "2",
                "--drain-timeout",
                "120",
                "--streams-config",
                "commit.interval.ms=150",
                "--set",
                "training.cpuShare=0.5",
                "--out",
                json.toString());
        String stdout = captured.toString();
        assertEquals(0, status, stdout);

        List<String> lines = stdout.lines().filter(l -> !l.isBlank()).toList();
        String last = lines.get(lines.size() - 1);
        assertTrue(last.startsWith("ratio="), "last line: " + last);
        double ratio = Double.parseDouble(last.substring("ratio=".length()));
        assertTrue(ratio > 0 && Double.isFinite(ratio), last);

        JsonNode root = new ObjectMapper().readTree(json.toFile());
        JsonNode run = root.path("runs").path(0);
        assertTrue(run.path("error").isMissingNode(), run.path("error").asText());
        JsonNode drain = run.path("drain");
        assertTrue(drain.path("drained").asBoolean(), "the backlog drained: " + drain);
        assertEquals(20 * 80, drain.path("forecastsRead").asLong(), "one forecast per observation");
        assertTrue(drain.path("forecastsPerSecond").asDouble() > 0, "forecasts/s: " + drain);
        JsonNode pass = run.path("passThrough");
        assertTrue(pass.path("recordsPerSecond").asDouble() > 0, "pass-through records/s: " + pass);
        // 1,600 records drain too fast to time: the ceiling is timed on the same series, 2,000,000 records, every one
        // through.
        assertEquals(2_000_000, pass.path("records").asLong(), pass.toString());
        assertEquals("150", pass.path("commitIntervalMs").asText(), "--streams-config reached the topologies");
        assertEquals("150", run.path("streamsConfig").path("commit.interval.ms").asText(), run.toString());
        assertEquals(
                "training.cpuShare=0.5", run.path("topologySettings").path(0).asText(), run.toString());
        assertEquals(2_000_000, pass.path("recordsRead").asLong(), pass.toString());
        // --quick skips the warm-up, so the ceiling's code was warmed by an untimed drain before the timed one.
        assertTrue(pass.path("coldRecordsPerSecond").asDouble() > 0, "the untimed warming drain: " + pass);
        assertEquals(ratio, run.path("ratio").asDouble(), 1e-12, "the printed ratio is the run's");

        // The network ran (forecasts carrying the model version) and served (model "gru", not the base "ets").
        assertTrue(drain.path("networkRunForecasts").asLong() > 0, drain.toString());
        assertTrue(
                drain.path("forecastsByModel").path("gru").asLong() > 0,
                drain.path("forecastsByModel").toString());
        assertTrue(drain.path("inferenceCalls").asLong() > 0, "the service's inference meter counted calls");
        assertTrue(drain.path("trainingPausedSeconds").isNumber(), "the trainers' pauses are reported: " + drain);
        assertTrue(drain.path("meanInferenceBatch").asDouble() >= 1, drain.toString());
        assertTrue(drain.path("inferenceUsPerWindow").asDouble() > 0, drain.toString());
        assertTrue(
                run.path("state").path("changelogBytesPerObservation").asDouble() > 0,
                run.path("state").toString());

        JsonNode live = run.path("live");
        assertTrue(live.path("forecastsMeasured").asLong() > 0, "live forecasts measured: " + live);
        // Kafka Streams' own count of the transactions the stream threads committed, per phase.
        assertTrue(drain.path("commitsPerSecond").asDouble() > 0, "commits in the drain: " + drain);
        assertTrue(live.path("commitsPerSecond").asDouble() > 0, "commits in the live phase: " + live);
        // The stream threads' own CPU per observation: what per-record changes are ranked by.
        assertTrue(drain.path("streamThreadCpuMicrosPerRecord").asDouble() > 0, drain.toString());
        assertTrue(live.path("streamThreadCpuMicrosPerRecord").asDouble() > 0, live.toString());
        assertTrue(stdout.contains("live stream threads' CPU us per observation"), stdout);
        double p50 = live.path("latencyP50Ms").asDouble();
        double p99 = live.path("latencyP99Ms").asDouble();
        assertTrue(p50 >= 0 && p99 >= p50, live.toString());
        // Measured with a full collection, which must not run between the drain and the live phase it would disturb.
        assertTrue(drain.path("heapAfterGcMB").asDouble() > 0, drain.toString());
        assertEquals("after the live phase", drain.path("heapAfterGcMeasured").asText(), drain.toString());
        assertTrue(root.path("machine").path("cores").asInt() > 0);

        // The second ceiling (--io-ceiling; off by default with --quick): the service's own I/O without forecasting.
        JsonNode io = run.path("ioCeiling");
        assertTrue(io.path("drained").asBoolean(), "the I/O ceiling drained: " + io);
        assertEquals(2_000_000, io.path("recordsRead").asLong(), io.toString());
        assertEquals(2, io.path("valueBytes").size(), "a series' state and its remembered forecasts: " + io);
        for (JsonNode bytes : io.path("valueBytes")) {
            assertTrue(bytes.asInt() > 100, "sizes from the service's changelogs: " + io);
        }
        assertTrue(io.path("recordsPerSecond").asDouble() > 0, io.toString());
        assertEquals(
                drain.path("forecastsPerSecond").asDouble()
                        / io.path("recordsPerSecond").asDouble(),
                run.path("ratioToIoCeiling").asDouble(),
                1e-9);
        assertTrue(stdout.contains("forecasts/s / I/O ceiling records/s"), stdout);
    }
}
