package io.streamcast.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a user meets at the command line: help, one-line errors with status 2, and a backtest's outputs. */
class StreamcastCommandTest {
    @Test
    void everyCommandAnswersHelp() {
        for (String cmd : new String[] {"demo", "broker", "run", "backtest", "train", "replay"}) {
            CliRun r = CliRun.of(cmd, "--help");
            assertEquals(0, r.status(), cmd);
            assertTrue(r.out().contains("Usage: streamcast " + cmd), cmd + ": " + r.out());
        }
    }

    @Test
    void badArgumentsAndFilesGiveOneLineAndStatusTwo(@TempDir Path dir) throws Exception {
        CliRun missing = CliRun.of("backtest", "--topology", "nope.yaml");
        assertEquals(2, missing.status());
        CliRun noFile = CliRun.of(
                "backtest", "--topology", dir.resolve("nope.yaml").toString(), "--data", "x.csv", "--out", "y.csv");
        assertEquals(2, noFile.status());
        assertTrue(noFile.err().contains("file not found"), noFile.err());
        assertFalse(noFile.err().contains("\tat "), "no stack trace");
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "name: x\nmodel: { cell: transformer }\n");
        CliRun badCell = onAirPassengers("train", bad, dir.resolve("m.zip"));
        assertEquals(2, badCell.status());
        assertTrue(badCell.err().contains("model.cell"), badCell.err());
        assertEquals(1, badCell.err().strip().lines().count(), badCell.err());
        Files.writeString(bad, "name: x\nwindoww: 3\n");
        CliRun typo = onAirPassengers("train", bad, dir.resolve("m.zip"));
        assertEquals(2, typo.status());
        assertTrue(typo.err().contains("unknown field 'windoww'"), typo.err());
        Files.writeString(bad, "name: x\nhorizon: 12.7\n");
        CliRun fraction = onAirPassengers("train", bad, dir.resolve("m.zip"));
        assertEquals(2, fraction.status(), "12.7 steps is a mistake, not 12");
        assertTrue(fraction.err().contains("horizon") && fraction.err().contains("12.7"), fraction.err());
        assertEquals(1, fraction.err().strip().lines().count(), fraction.err());
        Files.writeString(bad, "name: x\n");
        CliRun setTypo = onAirPassengers("train", bad, dir.resolve("m.zip"), "--set", "model.cel=lstm");
        assertEquals(2, setTypo.status());
        assertTrue(
                setTypo.err().contains("--set model.cel=lstm: unknown field 'cel'"),
                "blames the override, not the file: " + setTypo.err());
        assertFalse(setTypo.err().contains(bad.toString()), setTypo.err());
        assertOneLine(setTypo);
    }

    /** An absurd size is refused before any network is built, naming the field and its bound, blamed on the --set that wrote it. */
    @Test
    void valuesOutsideSaneBoundsNameTheFieldAndTheBound(@TempDir Path dir) throws Exception {
        Path topo = dir.resolve("x.yaml");
        Files.writeString(topo, "name: x\nmodel: { cell: lstm, layers: 2 }\n");
        for (String value : new String[] {"1e9", "100000"}) {
            CliRun r = onAirPassengers("train", topo, dir.resolve("m.zip"), "--set", "model.hidden=" + value);
            assertEquals(2, r.status(), value + ": " + r.err());
            assertOneLine(r);
            assertTrue(
                    r.err()
                            .startsWith("streamcast train: --set model.hidden=" + value
                                    + ": model.hidden: must be between 1 and 4096"),
                    r.err());
        }
        // The calendar fields too: their sizes multiply into every series' state.
        for (String[] field : new String[][] {
            {"window", "1000000", "between 2 and 4096"},
            {"horizon", "100000", "between 1 and 1024"},
            {"period", "1000000", "between 1 and 10080"}
        }) {
            CliRun r = onAirPassengers("train", topo, dir.resolve("m.zip"), "--set", field[0] + "=" + field[1]);
            assertEquals(2, r.status(), field[0] + ": " + r.err());
            assertOneLine(r);
            assertTrue(r.err().contains(field[0] + ": must be " + field[2] + ", not " + field[1]), r.err());
        }
        // Within the per-field bound, but too many parameters for a checkpoint: the line says what to change.
        CliRun big = onAirPassengers("train", topo, dir.resolve("m.zip"), "--set", "model.hidden=2048");
        assertEquals(2, big.status(), big.err());
        assertOneLine(big);
        assertTrue(
                big.err().contains("model.hidden: 2048 units x 2 layers of lstm")
                        && big.err().contains("use fewer units or layers"),
                big.err());
        // A fraction where an integer belongs, in the file: the file is blamed, in words a user reads.
        Files.writeString(topo, "name: x\nhorizon: 12.7\n");
        CliRun fraction = onAirPassengers("train", topo, dir.resolve("m.zip"));
        assertEquals(2, fraction.status());
        assertOneLine(fraction);
        assertEquals(
                "streamcast train: " + topo + ": horizon: must be a whole number, not 12.7",
                fraction.err().strip());
    }

    /** `run` whose HTTP port is taken says so in one line, before it even looks for a broker. */
    @Test
    void runOnAPortInUseGivesOneLine(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("streamcast.yaml");
        Files.writeString(
                config,
                "bootstrapServers: 127.0.0.1:1\nstateDir: " + dir.resolve("state") + "\nbrokerTimeoutSeconds: 2\n");
        try (java.net.ServerSocket taken =
                new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            CliRun r = CliRun.of(
                    "run",
                    "--config",
                    config.toString(),
                    "--topologies",
                    "topologies",
                    "--http-port",
                    Integer.toString(taken.getLocalPort()));
            assertEquals(2, r.status(), r.err());
            assertOneLine(r);
            assertTrue(
                    r.err().contains("127.0.0.1:" + taken.getLocalPort())
                            && r.err().contains("--http-port"),
                    r.err());
        }
    }

    /** Too short a history: train refuses in one line saying how much is needed; backtest says why the network stays untrained. */
    @Test
    void tooLittleHistorySaysWhatIsMissing(@TempDir Path dir) throws Exception {
        Path topo = airTopology(dir, "{ cell: lstm, hidden: 4, layers: 1 }", "{ online: false, epochs: 1 }");
        Path shortCsv = dir.resolve("short.csv");
        Files.write(shortCsv, Files.readAllLines(Path.of(AIR_PASSENGERS)).subList(0, 31));
        CliRun train = CliRun.of(
                "train",
                "--topology",
                topo.toString(),
                "--data",
                shortCsv.toString(),
                "--out",
                dir.resolve("m.zip").toString());
        assertEquals(2, train.status(), train.err());
        assertOneLine(train);
        assertTrue(
                train.err()
                        .contains("too little history in " + shortCsv
                                + ": the longest series has 30 points, topology air needs at least 52"),
                train.err());

        CliRun backtest = CliRun.ofProcess(
                "backtest",
                "--topology",
                topo.toString(),
                "--data",
                shortCsv.toString(),
                "--out",
                dir.resolve("bt.csv").toString(),
                "--train-seconds",
                "5");
        assertEquals(0, backtest.status(), "the base still forecasts every origin: " + backtest.err());
        String printed = backtest.err();
        assertFalse(printed.contains("NaN"), printed);
        assertTrue(
                printed.lines()
                        .anyMatch(l -> l.startsWith(
                                        "pretrain air: too little history before the first origin: the longest series has")
                                && l.contains("needs at least 52")
                                && l.contains("the smoothing base serves")
                                // 30 months: the protocol's 24 scored points leave 6, whatever --holdout.
                                && l.contains("more history: the protocol scores at least the last 24 points of"
                                        + " every series, whatever --holdout says")),
                printed);
    }

    /** Air passengers, monthly 1949-1960: the data every train and backtest here reads. */
    private static final String AIR_PASSENGERS = "src/main/resources/data/AirPassengers.csv";

    /** {@code streamcast <command> --topology <topology> --data AirPassengers.csv --out <out>}, then {@code more}. */
    private static CliRun onAirPassengers(String command, Path topology, Path out, String... more) {
        List<String> args = new ArrayList<>(
                List.of(command, "--topology", topology.toString(), "--data", AIR_PASSENGERS, "--out", out.toString()));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    /** A monthly topology named air for AirPassengers (season 12, window 24, horizon 12) with these model and training maps. */
    private static String airYaml(String model, String training) {
        return """
                name: air
                step: P1M
                period: 12
                window: 24
                horizon: 12
                model: %s
                training: %s
                """.formatted(model, training);
    }

    /** {@link #airYaml} written to {@code dir/air.yaml}. */
    private static Path airTopology(Path dir, String model, String training) throws IOException {
        Path topo = dir.resolve("air.yaml");
        Files.writeString(topo, airYaml(model, training));
        return topo;
    }

    /** The newest timestamp the checkpoint at {@code zip} says it was trained on. */
    private static java.time.Instant trainedThrough(Path zip) {
        return io.streamcast.model.CheckpointMeta.readFrom(zip.toFile()).trainedThrough();
    }

    /** One line on stderr and no stack trace: what every user error looks like. */
    private static void assertOneLine(CliRun r) {
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), "no stack trace: " + r.err());
    }

    @Test
    void backtestWritesForecastsPlotAndReport(@TempDir Path dir) throws Exception {
        Path topo = airTopology(dir, "{ cell: lstm, hidden: 8, layers: 1 }", "{ online: false, epochs: 5 }");
        Path out = dir.resolve("out/air.csv");
        CliRun r = CliRun.ofProcess(
                "backtest", "--topology", topo.toString(), "--data", AIR_PASSENGERS, "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(Files.readString(out).startsWith("series,origin,h,ts,forecast,lower,upper"));
        assertEquals(
                270 + 1,
                Files.readAllLines(out).size() - countBeyondEnd(out),
                "all 270 scorable (origin, h) pairs of the 28 origins are forecast");
        assertTrue(Files.size(dir.resolve("out/air.png")) > 10_000);
        assertTrue(Files.readString(dir.resolve("out/air.json")).contains("mase"));
        // Which actuals the served intervals flagged, as the anomalies topic would have carried them.
        List<String> anomalies = Files.readAllLines(dir.resolve("out/air-anomalies.csv"));
        assertEquals("series,ts,actual,forecast,lower,upper,h,origin,model,score", anomalies.get(0));
        String counted = r.out()
                .lines()
                .filter(l -> l.startsWith("anomalies: "))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no anomaly line in " + r.out()));
        assertTrue(
                counted.startsWith("anomalies: " + (anomalies.size() - 1) + " of 28 judged actuals"),
                counted + " against " + (anomalies.size() - 1) + " events in the file");
        var report = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(dir.resolve("out/air.json").toFile());
        assertEquals(
                28,
                report.path("anomalies").path("judged").asInt(),
                report.path("anomalies").toString());
        assertEquals(
                anomalies.size() - 1, report.path("anomalies").path("events").asInt());
    }

    /**
     * {@code --data motes.csv --out motes.csv} wrote the forecasts over the readings after the
     * replay had read them: refused in one line before any work, for the report beside the
     * forecasts too, and for {@code train}'s checkpoint; the data is untouched.
     */
    @Test
    void anOutputThatWouldReplaceTheDataIsRefusedAndTheDataKept(@TempDir Path dir) throws Exception {
        Path topo = airTopology(dir, "{ cell: gru, hidden: 8, layers: 1 }", "{ online: false, epochs: 1 }");
        Path data = dir.resolve("air.csv");
        Files.copy(Path.of(AIR_PASSENGERS), data);
        byte[] before = Files.readAllBytes(data);
        CliRun same = CliRun.ofProcess(
                "backtest", "--topology", topo.toString(), "--data", data.toString(), "--out", data.toString());
        assertEquals(2, same.status(), same.err());
        assertOneLine(same);
        assertTrue(same.err().contains("would write the forecasts over the data being backtested"), same.err());
        Path json = dir.resolve("air.json");
        Files.copy(Path.of(AIR_PASSENGERS), json);
        CliRun beside = CliRun.ofProcess(
                "backtest", "--topology", topo.toString(), "--data", json.toString(), "--out", data.toString());
        assertEquals(2, beside.status(), beside.err());
        assertTrue(beside.err().contains("would write air.json over the data being backtested"), beside.err());
        CliRun train = CliRun.ofProcess(
                "train", "--topology", topo.toString(), "--data", data.toString(), "--out", dir + "/./air.csv");
        assertEquals(2, train.status(), train.err());
        assertTrue(train.err().contains("would write the checkpoint over the data it trains on"), train.err());
        assertArrayEquals(before, Files.readAllBytes(data), "the data is untouched");
    }

    /**
     * A series exported from R with missing months written {@code NA} (pandas writes them empty)
     * was refused at its first one ({@code bad value 'NA': not a number}). Such a row is a step
     * without a reading: the backtest says how many it left out and forecasts exactly what it
     * forecasts for the file without those rows, the steps filled as the stream fills them.
     */
    @Test
    void missingValuesWrittenAsRWritesThemBacktestAsRowsNeverSent(@TempDir Path dir) throws Exception {
        Path topo = airTopology(dir, "{ cell: gru, hidden: 8, layers: 1 }", "{ online: false, epochs: 0 }");
        List<String> rows = Files.readAllLines(Path.of(AIR_PASSENGERS));
        List<String> marked = new java.util.ArrayList<>(rows.subList(0, 1));
        List<String> without = new java.util.ArrayList<>(rows.subList(0, 1));
        for (int i = 1; i < rows.size(); i++) {
            boolean missing = i % 17 == 5;
            String row = rows.get(i);
            marked.add(missing ? row.substring(0, row.lastIndexOf(',') + 1) + "NA" : row);
            if (!missing) {
                without.add(row);
            }
        }
        Path withNa = Files.write(dir.resolve("with-na.csv"), marked);
        Path withoutRows = Files.write(dir.resolve("without.csv"), without);

        CliRun na = CliRun.ofProcess(
                "backtest", "--topology", topo.toString(), "--data", withNa.toString(), "--out", dir + "/na-out.csv");
        CliRun plain = CliRun.ofProcess(
                "backtest",
                "--topology",
                topo.toString(),
                "--data",
                withoutRows.toString(),
                "--out",
                dir + "/plain-out.csv");

        assertEquals(0, na.status(), na.err());
        assertEquals(0, plain.status(), plain.err());
        assertTrue(
                na.out().contains("with-na.csv: 9 missing values (NA) left out: those steps have no reading"),
                na.out());
        assertTrue(na.out().contains("9 missing steps filled"), na.out());
        assertEquals(
                Files.readAllLines(dir.resolve("plain-out.csv")),
                Files.readAllLines(dir.resolve("na-out.csv")),
                "the same forecasts as without those rows");
    }

    @Test
    void trainWritesACheckpointThatTopologiesLoadAndAMismatchIsRefusedClearly(@TempDir Path dir) throws Exception {
        Path topo = dir.resolve("air.yaml");
        String yaml = airYaml("{ cell: gru, hidden: 8, layers: 1, checkpoint: air.zip }", "{ epochs: 3 }");
        Files.writeString(topo, yaml);
        CliRun r = onAirPassengers("train", topo, dir.resolve("air.zip"));
        assertEquals(0, r.status(), r.err());
        var spec = io.streamcast.config.YamlConfig.loadTopology(topo, java.util.List.of());
        var seed = io.streamcast.service.Checkpoints.of(spec);
        assertEquals(1, seed.version());
        var trained = io.streamcast.model.ModelCheckpoint.load(dir.resolve("air.zip"));
        assertEquals(trained.params(), seed.network().params(), "run/demo start every task from the trained weights");
        // The same checkpoint under a topology with another network shape is refused with one clear line.
        Files.writeString(topo, yaml.replace("hidden: 8", "hidden: 4"));
        var other = io.streamcast.config.YamlConfig.loadTopology(topo, java.util.List.of());
        var e = org.junit.jupiter.api.Assertions.assertThrows(
                io.streamcast.config.ConfigException.class,
                () -> io.streamcast.training.NetworkTaskModels.frozen(
                        other, io.streamcast.service.Checkpoints.of(other)));
        assertTrue(e.getMessage().contains("train it again"), e.getMessage());
    }

    /**
     * A checkpoint carries what it was trained with: the smoothing constants (which the topology
     * then runs with) and the newest timestamp it saw; a backtest from a checkpoint that saw the
     * test period is refused, since its score would be look-ahead.
     */
    @Test
    void aCheckpointCarriesItsBaseAndABacktestRefusesOneTrainedPastItsFirstOrigin(@TempDir Path dir) throws Exception {
        Path topo = airTopology(
                dir, "{ cell: gru, hidden: 4, layers: 1, checkpoint: air.zip }", "{ epochs: 2, online: false }");
        CliRun train = onAirPassengers("train", topo, dir.resolve("air.zip"));
        assertEquals(0, train.status(), train.err());
        var meta = io.streamcast.model.CheckpointMeta.readFrom(
                dir.resolve("air.zip").toFile());
        assertTrue(meta.smoothing().log(), "a positive, multiplicative series is smoothed on the log scale");
        assertEquals(java.time.Instant.parse("1960-12-01T00:00:00Z"), meta.trainedThrough());
        var spec = io.streamcast.config.YamlConfig.loadTopology(topo, java.util.List.of());
        io.streamcast.service.Checkpoints.of(spec);
        assertEquals(
                meta.smoothing(), spec.base.params(), "the topology runs with the base its network was trained on");

        CliRun backtest = onAirPassengers("backtest", topo, dir.resolve("bt.csv"), "--no-pretrain");
        assertEquals(2, backtest.status(), backtest.err());
        assertTrue(backtest.err().contains("look-ahead"), backtest.err());
        assertEquals(1, backtest.err().strip().lines().count(), backtest.err());
    }

    /**
     * {@code train} on a topology of several series gives the series whose history says so
     * smoothing constants of their own; the checkpoint carries them by series id, a topology
     * started from it runs each such series with its own and every other series (one that appears
     * only live) with the topology's, and {@code train} says how many have their own.
     */
    @Test
    void aCheckpointCarriesTheSeriesOwnConstantsAndTheTopologyRunsEachWithItsOwn(@TempDir Path dir) throws Exception {
        Path topo = airTopology(
                dir, "{ cell: gru, hidden: 4, layers: 1, checkpoint: m3.zip }", "{ epochs: 1, online: false }");
        CliRun train = CliRun.ofProcess(
                "train",
                "--topology",
                topo.toString(),
                "--data",
                "src/test/resources/data/m3-aligned/industry-1978-01-a.csv",
                "--out",
                dir.resolve("m3.zip").toString());
        assertEquals(0, train.status(), train.err());
        var meta = io.streamcast.model.CheckpointMeta.readFrom(
                dir.resolve("m3.zip").toFile());
        var own = meta.seriesSmoothing();
        assertFalse(own.isEmpty(), "industries as unlike as these leave the topology's constants: " + meta);
        assertTrue(train.out().contains(own.size() + " series have constants of their own"), train.out());
        var spec = io.streamcast.config.YamlConfig.loadTopology(topo, java.util.List.of());
        io.streamcast.service.Checkpoints.of(spec);
        own.forEach((series, constants) ->
                assertEquals(constants, spec.base.constants().of(series), series));
        assertEquals(meta.smoothing(), spec.base.constants().of("a series train never saw"));
    }

    /**
     * {@code train --until} the backtest's first origin (AirPassengers: 1958-08, the 116th of 144
     * months) sees nothing the backtest scores, like backtest pretraining, so {@code backtest
     * --no-pretrain} scores that checkpoint; one trained a month longer is refused, naming the cut to use.
     */
    @Test
    void aCheckpointTrainedUntilTheFirstOriginIsBacktestedAndOneAMonthLaterIsRefused(@TempDir Path dir)
            throws Exception {
        Path topo = airTopology(
                dir, "{ cell: gru, hidden: 4, layers: 1, checkpoint: air.zip }", "{ epochs: 2, online: false }");
        CliRun train = onAirPassengers("train", topo, dir.resolve("air.zip"), "--until", "1958-08-01T00:00:00Z");
        assertEquals(0, train.status(), train.err());
        assertEquals(java.time.Instant.parse("1958-08-01T00:00:00Z"), trainedThrough(dir.resolve("air.zip")));
        CliRun backtest = onAirPassengers("backtest", topo, dir.resolve("bt.csv"), "--no-pretrain");
        assertEquals(0, backtest.status(), backtest.err());
        assertTrue(Files.readString(dir.resolve("bt.json")).contains("mase"));

        assertEquals(
                0,
                onAirPassengers("train", topo, dir.resolve("air.zip"), "--until", "1958-09-01T00:00:00Z")
                        .status());
        CliRun refused = onAirPassengers("backtest", topo, dir.resolve("bt.csv"), "--no-pretrain");
        assertEquals(2, refused.status(), refused.err());
        assertTrue(refused.err().contains("--until 1958-08-01T00:00:00Z"), refused.err());
        assertOneLine(refused);
    }

    /**
     * What a checkpoint saw includes its corpus: trained on AirPassengers (to 1960-12) with a corpus
     * running to 1961-12, it says so, and `backtest --no-pretrain` refuses it; `train --until` cuts
     * the corpus as it cuts the data.
     */
    @Test
    void aCheckpointsCorpusCountsInWhatItWasTrainedThrough(@TempDir Path dir) throws Exception {
        StringBuilder corpus = new StringBuilder("series,ts,value\n");
        for (int i = 0; i < 60; i++) {
            corpus.append("later,")
                    .append(java.time.YearMonth.of(1957, 1).plusMonths(i).atDay(1))
                    .append("T00:00:00Z,")
                    .append(100 + (i % 12) * 3 + i)
                    .append('\n');
        }
        Files.writeString(dir.resolve("corpus.csv"), corpus);
        Path topo = airTopology(
                dir,
                "{ cell: gru, hidden: 4, layers: 1, checkpoint: air.zip }",
                "{ epochs: 1, online: false, corpus: corpus.csv }");
        CliRun train = onAirPassengers("train", topo, dir.resolve("air.zip"));
        assertEquals(0, train.status(), train.err());

        assertEquals(java.time.Instant.parse("1961-12-01T00:00:00Z"), trainedThrough(dir.resolve("air.zip")));
        CliRun refused = onAirPassengers("backtest", topo, dir.resolve("bt.csv"), "--no-pretrain");
        assertEquals(2, refused.status(), refused.err());
        assertOneLine(refused);

        CliRun cut = onAirPassengers("train", topo, dir.resolve("air.zip"), "--until", "1958-08-01T00:00:00Z");
        assertEquals(0, cut.status(), cut.err());
        assertEquals(java.time.Instant.parse("1958-08-01T00:00:00Z"), trainedThrough(dir.resolve("air.zip")));
        CliRun backtest = onAirPassengers("backtest", topo, dir.resolve("bt.csv"), "--no-pretrain");
        assertEquals(0, backtest.status(), backtest.err());

        // A month missing from a corpus series: one line naming the series, before any training.
        Files.writeString(
                dir.resolve("corpus.csv"),
                "series,ts,value\ngappy,1950-01-01T00:00:00Z,1\ngappy,1950-03-01T00:00:00Z,2\n");
        CliRun gap = onAirPassengers("train", topo, dir.resolve("air.zip"));
        assertEquals(2, gap.status(), gap.err());
        assertOneLine(gap);
        assertTrue(gap.err().contains("series gappy") && gap.err().contains("contiguous"), gap.err());
    }

    /** Forecast rows whose target lies past the end of the data (emitted, not scorable) are still rows. */
    private static long countBeyondEnd(Path csv) throws Exception {
        return Files.readAllLines(csv).stream()
                .skip(1)
                .filter(l -> l.split(",")[3].compareTo("1960-12-01T00:00:00Z") > 0)
                .count();
    }
}
