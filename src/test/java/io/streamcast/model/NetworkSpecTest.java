package io.streamcast.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.GradientNormalization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NetworkSpecTest {

    @ParameterizedTest
    @CsvSource({"gru, GRU", "LSTM, LSTM", " Rnn , RNN"})
    void readsCellNamesInAnyCase(String text, Cell expected) {
        assertEquals(expected, Cell.parse(text));
    }

    @Test
    void unknownCellNamesTheAllowedOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cell.parse("transformer"));
        assertEquals("unknown cell 'transformer', expected one of gru, lstm, rnn", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({
        "l2PerLayer, L2_PER_LAYER, ClipL2PerLayer",
        "L2PERPARAMTYPE, L2_PER_PARAM_TYPE, ClipL2PerParamType",
        "elementwise, ELEMENT_WISE, ClipElementWiseAbsoluteValue",
        "none, NONE, None"
    })
    void readsTheContractsClipModes(String text, ClipMode expected, GradientNormalization dl4j) {
        assertEquals(expected, ClipMode.parse(text));
        assertEquals(dl4j, expected.toDl4j());
    }

    @Test
    void unknownClipModeNamesTheAllowedOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClipMode.parse("l2"));
        assertEquals(
                "unknown clip mode 'l2', expected one of l2PerLayer, l2PerParamType, elementWise, none",
                e.getMessage());
    }

    @Test
    void rejectsSizesThatAreNotPositive() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new NetworkSpec(Cell.GRU, 0, 2, 1, 48, 24, 1e-3, ClipMode.NONE, 0, 0, 1));
        assertTrue(e.getMessage().startsWith("hidden must be positive"), e.getMessage());
    }

    @Test
    void clippingNeedsAPositiveThreshold() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new NetworkSpec(Cell.GRU, 32, 2, 1, 48, 24, 1e-3, ClipMode.L2_PER_LAYER, 0, 0, 1));
        new NetworkSpec(Cell.GRU, 32, 2, 1, 48, 24, 1e-3, ClipMode.NONE, 0, 0, 1);
    }

    @Test
    void rejectsLearningRatesAndPenaltiesThatAreNotNumbers() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new NetworkSpec(Cell.GRU, 32, 2, 1, 48, 24, Double.NaN, ClipMode.NONE, 0, 0, 1));
        assertThrows(
                IllegalArgumentException.class,
                () -> new NetworkSpec(Cell.GRU, 32, 2, 1, 48, 24, 1e-3, ClipMode.NONE, 0, -1, 1));
    }
}
