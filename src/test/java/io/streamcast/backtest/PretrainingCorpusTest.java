package io.streamcast.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.config.ConfigException;
import io.streamcast.config.TopologySpec;
import io.streamcast.config.YamlConfig;
import io.streamcast.training.History;
import io.streamcast.training.Pretrainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A topology's {@code training.corpus}: further series whose windows only train the network. It
 * must never carry anything later than the topology's own data is cut at, never become what the
 * network is judged on, and never move the smoothing constants the topology serves with.
 */
class PretrainingCorpusTest {
    private static final Path AIR = Path.of("src/main/resources/data/AirPassengers.csv");

    /** The AirPassengers example with the bundled monthly corpus, then {@code overrides}. */
    private static TopologySpec airPassengers(String... overrides) {
        List<String> all = new java.util.ArrayList<>(List.of("training.corpus=corpus/monthly.csv"));
        all.addAll(List.of(overrides));
        return YamlConfig.loadTopology(Path.of("topologies/examples/airpassengers.yaml"), all);
    }

    @Test
    void theCorpusIsCutWhereTheBacktestsOwnDataIsCut() {
        TopologySpec spec = airPassengers();
        BacktestRunner runner = new BacktestRunner(spec, 0.2, null);
        Instant firstOrigin = runner.earliestFirstOrigin(SeriesCsv.read(AIR));
        assertEquals(Instant.parse("1958-08-01T00:00:00Z"), firstOrigin);
        PretrainingCorpus corpus = PretrainingCorpus.of(spec, firstOrigin);
        assertEquals(
                List.of("gas", "nottem"),
                corpus.series().keySet().stream().sorted().toList(),
                "only the series that began before AirPassengers' first origin");
        assertEquals(firstOrigin, corpus.newest(), "gas, cut at the origin");
        for (History h : corpus.series().values()) {
            long last = h.times()[h.times().length - 1];
            assertFalse(Instant.ofEpochMilli(last).isAfter(firstOrigin));
        }
        assertEquals(
                13, PretrainingCorpus.of(spec, null).series().size(), "uncut (train without --until): all thirteen");
        assertTrue(
                PretrainingCorpus.of(airPassengers("training.corpus="), null)
                        .series()
                        .isEmpty(),
                "an empty --set switches a corpus off");
        assertTrue(PretrainingCorpus.of(YamlConfig.parseTopology("name: t\nstep: P1M\n", List.of()), null)
                .series()
                .isEmpty());
    }

    @Test
    void corpusWindowsOnlyTrainNeverJudgeAndLeaveTheConstantsAlone() {
        TopologySpec spec = airPassengers("training.epochs=0");
        Map<String, List<SeriesPoint>> data = SeriesCsv.read(AIR);
        BacktestRunner runner = new BacktestRunner(spec, 0.2, null);
        Map<String, History> own = runner.pretrainingHistories(data);
        PretrainingCorpus corpus = PretrainingCorpus.of(spec, runner.earliestFirstOrigin(data));
        Pretrainer.Progress quiet = (epoch, epochs, trainLoss, validationLoss) -> {};
        Pretrainer.Result without = Pretrainer.trainOn(spec, own, Map.of(), null, spec.training.maxExamples, quiet);
        Pretrainer.Result with = Pretrainer.trainOn(spec, own, corpus.series(), null, spec.training.maxExamples, quiet);
        assertEquals(without.smoothing(), with.smoothing(), "constants fitted on the topology's own series alone");
        assertEquals(
                without.validationExamples(), with.validationExamples(), "the verdict windows are AirPassengers' own");
        // nottem's 240 months make 240 - (window 24 + horizon 12) + 1 windows (the encoder also
        // needs a season before its window: the exact count is what ExampleSet makes of it).
        assertTrue(
                with.examples() > without.examples() + 150,
                with.examples() + " examples with the corpus, " + without.examples() + " without");
    }

    @Test
    void aCorpusSeriesOffTheTopologysStepIsRefusedNamingIt(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("corpus.csv");
        Files.writeString(
                csv, "series,ts,value\n" + "daily,2000-01-01T00:00:00Z,1\n" + "daily,2000-01-02T00:00:00Z,2\n");
        ConfigException e = assertThrows(
                ConfigException.class, () -> PretrainingCorpus.of(airPassengers("training.corpus=" + csv), null));
        assertTrue(
                e.getMessage().contains("series daily")
                        && e.getMessage().contains("P1M")
                        && e.getMessage().contains("contiguous"),
                e.getMessage());
        ConfigException missing = assertThrows(
                ConfigException.class,
                () -> PretrainingCorpus.of(airPassengers("training.corpus=" + dir.resolve("nope.csv")), null));
        assertTrue(missing.getMessage().contains("nope.csv"), missing.getMessage());
        ConfigException directory = assertThrows(
                ConfigException.class, () -> PretrainingCorpus.of(airPassengers("training.corpus=" + dir), null));
        assertTrue(directory.getMessage().contains("not a readable file"), directory.getMessage());
    }

    @Test
    void aCorpusCannotBeCombinedWithFeatures() {
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> YamlConfig.parseTopology(
                        "name: t\nstep: P1M\nfeatures: [{name: x, known: observed}]\ntraining: {corpus: c.csv}\n",
                        List.of()));
        assertTrue(e.getMessage().contains("training.corpus"), e.getMessage());
    }
}
