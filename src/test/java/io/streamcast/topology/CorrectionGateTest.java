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
    void pretrainingsVerdictForTheNetworkStandsUntilTheLiveEvidenceClearlyOverturnsIt() {
        // A small edge inside the noise: not enough to put a network in, but no reason to overturn the verdict of
        // windows pretraining never trained on (before, the gate handed back as soon as minPairs were scored).
        CorrectionGate servingFirst = gate(true);
        CorrectionGate baseFirst = gate(false);
        feed(servingFirst, 300, 0.05, 1.5, 7);
        feed(baseFirst, 300, 0.05, 1.5, 7);
        assertTrue(servingFirst.networkServes(), "the serving network is not worse than the margin");
        assertFalse(baseFirst.networkServes(), "the same evidence does not put a network in");

        feed(servingFirst, 2000, -0.3, 0.2, 8);
        assertFalse(servingFirst.networkServes(), "once it loses clearly, the base takes over");
        feed(servingFirst, 300, 0.05, 1.5, 9);
        assertFalse(servingFirst.networkServes(), "and a noisy edge does not bring the network back");
        feed(servingFirst, 3000, 0.3, 0.2, 10);
        assertTrue(servingFirst.networkServes(), "a clear one does");
    }

    @Test
    void aLeadWonLiveServesOnlyWhileItIsClear() {
        // The live comparison is looked at after every pair, so a lead it shows may be a lucky stretch.
        CorrectionGate gate = gate(false);
        feed(gate, 3000, 0.3, 0.2, 11);
        assertTrue(gate.networkServes());
        feed(gate, 3000, 0.0, 0.2, 12);
        assertFalse(gate.networkServes(), "a tie, though not a clear loss, hands back to the base");
    }

    @Test
    void aRestoredGateKeepsAStandingVerdict() {
        CorrectionGate saved = gate(true);
        feed(saved, 300, 0.05, 1.5, 7);
        assertTrue(saved.networkServes());
        CorrectionGate restored = gate(false);
        restored.restore(saved.toBytes());
        assertTrue(restored.networkServes(), "the restored gate serves the network though its own prior is the base");
    }

    @Test
    void aGateSavedBeforeItRememberedWhatServedDecidesOnTheEvidence() {
        CorrectionGate saved = gate(true);
        feed(saved, 300, 0.05, 1.5, 7);
        byte[] withoutServing = java.util.Arrays.copyOf(saved.toBytes(), 32);
        CorrectionGate restored = gate(true);
        restored.restore(withoutServing);
        assertFalse(restored.networkServes(), "the old rule: the edge is within three standard errors");
    }

    @Test
    void theSavedStateSaysWhatServesWithTheGatesErrorsAndOtherFormatsReadAsNone() {
        CorrectionGate fresh = gate(false);
        CorrectionStatus unscored = CorrectionStatus.of(fresh.toBytes());
        assertFalse(unscored.networkServes(), "none before the gate reported");
        assertEquals(Double.NaN, unscored.networkError());
        CorrectionGate proven = gate(true);
        feed(proven, 300, 0.05, 1.5, 7);
        CorrectionStatus status = CorrectionStatus.of(proven.toBytes());
        assertEquals(new CorrectionStatus(true, proven.networkError(), proven.baseError()), status);
        assertEquals(null, CorrectionStatus.of(null), "a task that never saved one");
        assertEquals(null, CorrectionStatus.of(new byte[32]), "a state saved before the status was part of it");
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
