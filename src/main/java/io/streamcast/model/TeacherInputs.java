package io.streamcast.model;

import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Turns a batch of (window, targets) examples into the training form of {@link
 * RecurrentDecoderLayer}: the window followed by the true targets, and per example and horizon step
 * whether the network's own prediction is fed on instead of the truth.
 *
 * <p>Each choice is drawn independently with probability {@code feedBack}. A target that is not known
 * yet (label mask 0, an origin's early targets) has no truth to feed, so the prediction is fed on
 * there whatever the draw; such forced steps are not counted in {@link #fedBackShare()}, which
 * measures the schedule, not how complete the targets were.
 */
public final class TeacherInputs {
    private final DataSet dataSet;
    private final long choices;
    private final long fedBack;

    private TeacherInputs(DataSet dataSet, long choices, long fedBack) {
        this.dataSet = dataSet;
        this.choices = choices;
        this.fedBack = fedBack;
    }

    /**
     * @param batch    features {@code [batch, 1, window]}, labels {@code [batch, horizon]}, optional
     *                 labels mask of the labels' shape
     * @param feedBack probability in [0, 1] of feeding a step its own prediction
     */
    public static TeacherInputs of(DataSet batch, double feedBack, Random random) {
        if (!(feedBack >= 0 && feedBack <= 1)) {
            throw new IllegalArgumentException("feed-back probability must be in [0, 1], got " + feedBack);
        }
        INDArray features = batch.getFeatures();
        INDArray labels = batch.getLabels();
        INDArray mask = batch.getLabelsMaskArray();
        if (features.rank() != 3 || features.size(1) != 1 || labels.rank() != 2) {
            throw new IllegalArgumentException("expected windows [batch, 1, window] and targets [batch, horizon], got "
                    + java.util.Arrays.toString(features.shape()) + " and "
                    + java.util.Arrays.toString(labels.shape()));
        }
        int examples = (int) features.size(0);
        int window = (int) features.size(2);
        int horizon = (int) labels.size(1);
        float[][] values = features.reshape(examples, window).toFloatMatrix();
        float[][] targets = labels.toFloatMatrix();
        float[][] known = mask == null ? null : mask.toFloatMatrix();
        float[] out = new float[examples * RecurrentDecoderLayer.TRAINING_CHANNELS * (window + horizon)];
        int steps = window + horizon;
        long choices = 0;
        long fedBack = 0;
        for (int i = 0; i < examples; i++) {
            int valueRow = i * RecurrentDecoderLayer.TRAINING_CHANNELS * steps;
            int choiceRow = valueRow + steps;
            System.arraycopy(values[i], 0, out, valueRow, window);
            for (int h = 0; h < horizon; h++) {
                boolean isKnown = known == null || known[i][h] != 0;
                out[valueRow + window + h] = isKnown ? targets[i][h] : 0f;
                if (h == horizon - 1) {
                    continue; // the last step's value feeds no further step
                }
                boolean feed;
                if (isKnown) {
                    choices++;
                    feed = random.nextDouble() < feedBack;
                    fedBack += feed ? 1 : 0;
                } else {
                    feed = true;
                }
                out[choiceRow + window + h] = feed ? 1f : 0f;
            }
        }
        INDArray teacher = Nd4j.create(out, new long[] {examples, RecurrentDecoderLayer.TRAINING_CHANNELS, steps}, 'c')
                .castTo(features.dataType());
        return new TeacherInputs(new DataSet(teacher, labels, null, mask), choices, fedBack);
    }

    /** The batch in the training form, same labels and labels mask. */
    public DataSet dataSet() {
        return dataSet;
    }

    /** Steps whose input was drawn between truth and prediction. */
    public long choices() {
        return choices;
    }

    /** Of {@link #choices()}, those fed the network's own prediction. */
    public long fedBack() {
        return fedBack;
    }

    /** The share of drawn steps fed their own prediction; 0 when nothing was drawn. */
    public double fedBackShare() {
        return choices == 0 ? 0 : (double) fedBack / choices;
    }
}
