package io.streamcast.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

/**
 * What a minibatch of examples tells DL4J's loss: the targets outside an example's known range and
 * those of filled-in steps (NaN) are masked out and carry a zero placeholder, never a NaN that
 * would poison every gradient.
 */
class ExampleTest {
    private static final float NAN = Float.NaN;

    @Test
    void filledTargetsAndUnknownStagesAreMaskedWithZeroPlaceholders() {
        Example whole = new Example(new float[] {1, 2}, new float[] {0.5f, 0.6f, 0.7f});
        Example filled = new Example(new float[] {3, 4}, new float[] {0.1f, NAN, 0.3f});
        Example staged = new Example(new float[] {5, 6}, new float[] {0f, 0.2f, NAN}, 1, 3, 0L, 0L, 0L);

        assertEquals(2, filled.knownCount());
        assertFalse(filled.complete());
        assertEquals(1, staged.knownCount());
        DataSet batch = Example.toDataSet(List.of(whole, filled, staged), 1);

        assertArrayEquals(
                new float[][] {{0.5f, 0.6f, 0.7f}, {0.1f, 0f, 0.3f}, {0f, 0.2f, 0f}},
                batch.getLabels().toFloatMatrix());
        assertArrayEquals(
                new float[][] {{1, 1, 1}, {1, 0, 1}, {0, 1, 0}},
                batch.getLabelsMaskArray().toFloatMatrix());
    }

    @Test
    void aBatchOfCompleteExamplesHasNoMask() {
        Example whole = new Example(new float[] {1, 2}, new float[] {0.5f, 0.6f});
        assertNull(Example.toDataSet(List.of(whole, whole), 1).getLabelsMaskArray());
    }
}
