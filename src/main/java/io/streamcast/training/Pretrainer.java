package io.streamcast.training;

import io.streamcast.config.TopologySpec;
import io.streamcast.model.NetworkFactory;
import io.streamcast.model.NetworkSpecs;
import io.streamcast.model.WindowEncoder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Offline warm start: trains a topology's network on history with minibatch Adam (clipped as the
 * topology says) and early stopping on the most recent examples of every series, keeping the best
 * weights seen. Used by {@code train}, by backtests (on the part before the first origin) and by
 * the demo.
 */
public final class Pretrainer {
    /** More examples than this are subsampled: beyond it an epoch costs time without teaching more. */
    private static final int MAX_EXAMPLES = 20_000;
    /** Epochs without validation improvement before stopping. */
    private static final int PATIENCE = 8;

    /** Progress callback: epoch done, epochs planned, training loss, validation loss. */
    public interface Progress {
        void epoch(int epoch, int epochs, double trainLoss, double validationLoss);
    }

    /** What pretraining achieved, in normalized units (MSE of the correction to seasonal naive). */
    public record Result(MultiLayerNetwork network, int examples, int epochs, double validationLoss, double baselineLoss) {
    }

    private Pretrainer() {
    }

    public static Result train(TopologySpec spec, Map<String, double[]> histories, Duration budget, Progress progress) {
        return train(spec, histories, budget, MAX_EXAMPLES, progress);
    }

    /** As above with a cap on the examples used (uniformly subsampled), for quick warm starts such as the demo's. */
    public static Result train(TopologySpec spec, Map<String, double[]> histories, Duration budget, int maxExamples, Progress progress) {
        WindowEncoder encoder = NetworkSpecs.encoder(spec);
        Random random = new Random(spec.model.seed);
        ExampleSet all = ExampleSet.from(histories, encoder).sample(maxExamples, random);
        MultiLayerNetwork net = NetworkFactory.build(NetworkSpecs.of(spec));
        if (all.size() < 4 || spec.training.epochs == 0) {
            return new Result(net, all.size(), 0, Double.NaN, Double.NaN);
        }
        // Examples are in time order per series; the last 15% of the set is the validation part.
        int valStart = (int) Math.round(all.size() * 0.85);
        DataSet train = all.toDataSet(0, valStart);
        DataSet validation = all.toDataSet(valStart, all.size());
        double baseline = mse(validation.getLabels().mul(0), validation.getLabels());
        List<DataSet> batches = new ArrayList<>(train.batchBy(spec.training.batchSize));
        long deadline = budget == null ? Long.MAX_VALUE : System.nanoTime() + budget.toNanos();
        INDArray best = net.params().dup();
        double bestLoss = mse(net.output(validation.getFeatures(), false), validation.getLabels());
        int sinceBest = 0;
        int epoch = 0;
        while (epoch < spec.training.epochs && sinceBest < PATIENCE && System.nanoTime() < deadline) {
            epoch++;
            Collections.shuffle(batches, random);
            double trainLoss = 0;
            int fitted = 0;
            for (DataSet b : batches) {
                if (fitted > 0 && System.nanoTime() > deadline) {
                    break;
                }
                net.fit(b);
                trainLoss += net.score();
                fitted++;
            }
            trainLoss /= fitted;
            double valLoss = mse(net.output(validation.getFeatures(), false), validation.getLabels());
            if (valLoss < bestLoss) {
                bestLoss = valLoss;
                best = net.params().dup();
                sinceBest = 0;
            } else {
                sinceBest++;
            }
            if (progress != null) {
                progress.epoch(epoch, spec.training.epochs, trainLoss, valLoss);
            }
        }
        net.setParams(best);
        return new Result(net, all.size(), epoch, bestLoss, baseline);
    }

    static double mse(INDArray predicted, INDArray actual) {
        INDArray d = predicted.sub(actual);
        return d.mul(d).meanNumber().doubleValue();
    }
}
