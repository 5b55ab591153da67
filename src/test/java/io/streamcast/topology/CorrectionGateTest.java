package io.streamcast.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class CorrectionGateTest {
    private static final int H = 12;

    private static CorrectionGate gate(boolean prior) {
        return new CorrectionGate(prior, 10 * H, 500, H, 0.02); // as the processor builds it for H = 12
    }

    /** Errors of the network and the base on one scored pair: the base's around 1, the network's {@code advantage} lower. */
    private static void feed(CorrectionGate gate, int pairs, double advantage, double noise, long seed) {
        Random random = new Random(seed);
        for (int i = 0; i < pairs; i++) {
            double base = Math.abs(1 + noise * random.nextGaussian());
            double network = Math.abs(1 - advantage + noise * random.nextGaussian());
            gate.observe(network, base);
        }
    }

    @Test
    void pretrainingsVerdictStandsUntilEnoughPairsAreScored() {
        CorrectionGate proven = gate(true);
        feed(proven, 10 * H - 1, -0.5, 0.1, 1);
        assertTrue(proven.networkServes(), "a losing start does not overturn the verdict before minPairs");
        feed(proven, 1, -0.5, 0.1, 2);
        assertFalse(proven.networkServes(), "then the live evidence decides: the network loses clearly");
    }

    @Test
    void aClearAdvantageWinsButATieOrANoisySmallEdgeDoesNot() {
        CorrectionGate clear = gate(false);
        feed(clear, 600, 0.2, 0.2, 3);
        assertTrue(clear.networkServes(), "20% lower error, clear of noise");

        CorrectionGate tie = gate(false);
        feed(tie, 600, 0.01, 0.0, 4);
        assertFalse(tie.networkServes(), "1% better is inside the 2% margin");

        CorrectionGate noisy = gate(false);
        feed(noisy, 150, 0.05, 1.5, 5);
        assertFalse(noisy.networkServes(), "5% better on average but within three standard errors");
    }

    @Test
    void aRestoredGateDecidesLikeTheOneThatWasSaved() {
        CorrectionGate saved = gate(false);
        feed(saved, 600, 0.3, 0.2, 6);
        assertTrue(saved.dirty());
        byte[] bytes = saved.toBytes();
        assertFalse(saved.dirty());
        CorrectionGate restored = gate(false);
        restored.restore(bytes);
        assertEquals(saved.networkServes(), restored.networkServes());
        assertTrue(restored.networkServes());
    }
}
