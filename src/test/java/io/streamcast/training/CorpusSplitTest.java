package io.streamcast.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.config.TopologySpec;
import io.streamcast.config.YamlConfig;
import io.streamcast.model.WindowEncoder;
import io.streamcast.series.BaseConstants;
import io.streamcast.series.SmoothingParams;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * How pretraining divides its windows when the topology names a corpus: every corpus window trains,
 * none validates or judges, and the topology's own windows are divided exactly as without one.
 */
class CorpusSplitTest {
    private static double[] seasonal(int n, double level, double amplitude, long seed) {
        Random r = new Random(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = level + i * 0.1 + amplitude * Math.sin(2 * Math.PI * i / 12) + r.nextGaussian();
        }
        return v;
    }

    /** A monthly topology of one series of its own, the windows every test here divides. */
    private final TopologySpec spec =
            YamlConfig.parseTopology("name: t\nstep: P1M\nperiod: 12\nwindow: 24\nhorizon: 12\n", List.of());

    private final WindowEncoder encoder = NetworkSpecs.encoder(spec);
    private final SmoothingParams params = SmoothingParams.DEFAULT;
    private final Map<String, History> own = Map.of("own", History.of(seasonal(150, 100, 10, 1)));

    @Test
    void corpusWindowsOnlyTrainAndTheOwnWindowsAreDividedAsWithoutOne() {
        Map<String, History> corpus =
                Map.of("a", History.of(seasonal(200, 50, 5, 2)), "b", History.of(seasonal(120, 500, 80, 3)));
        Pretrainer.Split without =
                Pretrainer.Split.of(own, Map.of(), encoder, BaseConstants.of(params), 12, 20_000, new Random(7));
        Pretrainer.Split with =
                Pretrainer.Split.of(own, corpus, encoder, BaseConstants.of(params), 12, 20_000, new Random(7));
        int corpusWindows = ExampleSet.fromHistories(corpus, encoder, params).size();

        assertEquals(without.train().size() + corpusWindows, with.train().size());
        for (int i = 0; i < without.train().size(); i++) {
            assertArrayEquals(without.train().window(i), with.train().window(i), "its own windows first, as without");
        }
        assertEquals(without.validation().size(), with.validation().size());
        assertEquals(without.verdict().size(), with.verdict().size());
        for (int i = 0; i < without.verdict().size(); i++) {
            assertArrayEquals(without.verdict().window(i), with.verdict().window(i), "judged on its own windows");
        }
    }

    @Test
    void aCorpusBeyondTheCapSamplesTrainingWindowsAndNeverTheHeldOutOnes() {
        Map<String, History> corpus = new java.util.HashMap<>();
        for (int s = 0; s < 40; s++) {
            corpus.put("c" + s, History.of(seasonal(200, 50 + s, 5, 10 + s)));
        }
        Pretrainer.Split without =
                Pretrainer.Split.of(own, Map.of(), encoder, BaseConstants.of(params), 12, 20_000, new Random(7));
        int cap = 1_000;
        Pretrainer.Split with =
                Pretrainer.Split.of(own, corpus, encoder, BaseConstants.of(params), 12, cap, new Random(7));
        int corpusWindows = ExampleSet.fromHistories(corpus, encoder, params).size();
        assertTrue(without.train().size() + corpusWindows > 4 * cap, "the corpus alone is several times the cap");

        assertEquals(without.validation().size(), with.validation().size(), "every own validation window kept");
        assertEquals(without.verdict().size(), with.verdict().size(), "every own verdict window kept");
        for (int i = 0; i < without.verdict().size(); i++) {
            assertArrayEquals(without.verdict().window(i), with.verdict().window(i));
        }
        assertEquals(
                cap,
                with.train().size() + with.validation().size() + with.verdict().size(),
                "the training windows take what the cap leaves");
    }
}
