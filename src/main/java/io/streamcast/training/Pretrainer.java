package io.streamcast.training;

import io.streamcast.config.TopologySpec;
import io.streamcast.model.NetworkFactory;
import io.streamcast.model.WindowEncoder;
import io.streamcast.series.BaseConstants;
import io.streamcast.series.SmoothingParams;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Offline warm start: trains a topology's network on history with minibatch Adam (clipped as the
 * topology says) and early stopping on the most recent examples of every series, keeping the best
 * weights seen: those at an epoch's end or their running average, whichever validates better. Used by {@code train}, by backtests (on the part before the first origin) and by
 * the demo.
 */
public final class Pretrainer {
    /** Epochs without validation improvement before stopping ... */
    private static final int PATIENCE = 20;
    /**
     * ... but never fewer minibatch steps than this: a short series gives a handful of minibatches
     * per epoch, and 20 epochs of 3 steps stop before the network has moved at all.
     */
    private static final int PATIENCE_STEPS = 600;
    /**
     * Weight of the newest step in the running average of the weights (Polyak averaging): about
     * the last 50 minibatch steps count. Minibatch noise makes the weights at any one epoch's end a
     * lottery ticket (hourly temperatures: held-out error 1% to 4% below the base from one epoch to
     * the next); their running average sat steadily near the best of them.
     */
    private static final double AVERAGE_WEIGHT = 0.02;
    /** The share of the learnt correction served where validation is too small to weigh it ({@link #shrinkTowardTheBase}): equal weights. */
    static final double CORRECTION_WEIGHT = 0.5;

    /** Share of every series' most recent examples held out for early stopping. */
    private static final double VALIDATION_SHARE = 0.15;

    /** Fewest held-out windows whose verdict lets a correction serve before live evidence. */
    public static final int MIN_VERDICT_EXAMPLES = 30;

    /** Progress callback: epoch done, epochs planned, training loss, validation loss. */
    public interface Progress {
        void epoch(int epoch, int epochs, double trainLoss, double validationLoss);

        /**
         * The share of drawn horizon steps fed the network's own prediction during {@code epoch}
         * (scheduled sampling; only for the autoregressive and seq2seq decoders).
         */
        default void fedBack(int epoch, double share) {}
    }

    /**
     * What pretraining achieved, in normalized units: {@code validationLoss} (MSE) on the windows
     * early stopping used, {@code validationMae} against {@code baselineMae} on the newer held-out
     * windows it never looked at ({@code validationExamples} of them):
     * {@code baselineLoss} is the smoothing base alone (a zero correction). {@code base} are
     * the base's constants the examples were built with (fitted unless the topology sets them):
     * the topology's and the series' own.
     */
    public record Result(
            MultiLayerNetwork network,
            int examples,
            int epochs,
            double validationLoss,
            double baselineLoss,
            BaseConstants base,
            double validationMae,
            double baselineMae,
            int validationExamples,
            boolean cutByTimeBudget) {
        /** The topology's constants: those of every series without constants of its own. */
        public SmoothingParams smoothing() {
            return base.topology();
        }

        /**
         * True when the trained correction beat the base out of sample by the promotion margin, on
         * at least {@link #MIN_VERDICT_EXAMPLES} held-out windows: the network then serves from the
         * start; otherwise the base serves until the network proves itself on live forecasts.
         * (On AirPassengers' 9 held-out windows an LSTM "won" and then lost by 40% live.)
         */
        public boolean correctionBeatsBase(double margin) {
            return validationExamples >= MIN_VERDICT_EXAMPLES
                    && Double.isFinite(validationMae)
                    && validationMae < baselineMae * (1 - margin);
        }
    }

    private Pretrainer() {}

    public static Result train(TopologySpec spec, Map<String, double[]> histories, Duration budget, Progress progress) {
        return train(spec, histories, budget, spec.training.maxExamples, progress);
    }

    /** As above with a cap on the examples used (uniformly subsampled), for quick warm starts such as the demo's. */
    public static Result train(
            TopologySpec spec, Map<String, double[]> histories, Duration budget, int maxExamples, Progress progress) {
        return trainOn(spec, History.of(histories), budget, maxExamples, progress);
    }

    /** As above on histories that carry timestamps and observed features, for a topology with covariates. */
    public static Result trainOn(
            TopologySpec spec, Map<String, History> histories, Duration budget, int maxExamples, Progress progress) {
        return trainOn(spec, histories, Map.of(), budget, maxExamples, progress);
    }

    /**
     * As above, adding every window of {@code corpus} (the topology's {@code training.corpus}, already
     * cut in time by the caller) to the training windows only: early stopping, the shrinkage and
     * pretraining's verdict judge the network on the topology's own series, and the smoothing
     * constants are fitted on them alone, since those constants are what the topology serves with.
     */
    public static Result trainOn(
            TopologySpec spec,
            Map<String, History> histories,
            Map<String, History> corpus,
            Duration budget,
            int maxExamples,
            Progress progress) {
        WindowEncoder encoder = NetworkSpecs.encoder(spec);
        BaseConstants constants =
                spec.base.fitted() ? fittedConstants(spec, histories) : BaseConstants.of(spec.base.params());
        Random random = new Random(spec.model.seed);
        Split split = Split.of(histories, corpus, encoder, constants, spec.horizon, maxExamples, random);
        int examples = split.train().size()
                + split.validation().size()
                + split.verdict().size();
        MultiLayerNetwork net = NetworkFactory.build(NetworkSpecs.of(spec));
        startAtTheBase(net);
        if (examples < 4
                || split.validation().size() == 0
                || split.verdict().size() == 0
                || spec.training.epochs == 0) {
            return new Result(
                    net,
                    examples,
                    0,
                    Double.NaN,
                    Double.NaN,
                    constants,
                    Double.NaN,
                    Double.NaN,
                    split.verdict().size(),
                    false);
        }
        DataSet train = split.train().toDataSet();
        DataSet validation = split.validation().toDataSet();
        double baseline = mse(validation.getLabels().mul(0), validation);
        long deadline = budget == null ? Long.MAX_VALUE : System.nanoTime() + budget.toNanos();
        INDArray best = net.params().dup();
        INDArray average = net.params().dup();
        MultiLayerNetwork averaged = net.clone();
        double bestLoss = mse(net.output(validation.getFeatures(), false), validation);
        int sinceBest = 0;
        int epoch = 0;
        int batchesPerEpoch =
                Math.max(1, (train.numExamples() + spec.training.batchSize - 1) / spec.training.batchSize);
        int patience = Math.max(PATIENCE, (PATIENCE_STEPS + batchesPerEpoch - 1) / batchesPerEpoch);
        // Its own random source: the draws must not shift the shuffles of the direct network's training.
        FeedBackSampler sampler = FeedBackSampler.of(spec, new Random(spec.model.seed * 31 + 7), TrainingEvents.NONE);
        boolean epochCutShort = false;
        while (epoch < spec.training.epochs && sinceBest < patience && System.nanoTime() < deadline) {
            epoch++;
            // Fresh minibatches every epoch: neighbouring windows overlap almost entirely, so fixed
            // batches of consecutive examples would each see one stretch of one series.
            train.shuffle(random.nextLong());
            List<DataSet> batches = train.batchBy(spec.training.batchSize);
            double trainLoss = 0;
            int fitted = 0;
            sampler.resetCounts();
            for (DataSet b : batches) {
                if (fitted > 0 && System.nanoTime() > deadline) {
                    epochCutShort = true;
                    break;
                }
                net.fit(sampler.pretraining(b, epoch - 1));
                trainLoss += net.score();
                fitted++;
                average.muli(1 - AVERAGE_WEIGHT).addi(net.params().mul(AVERAGE_WEIGHT));
            }
            trainLoss /= fitted;
            double valLoss = mse(net.output(validation.getFeatures(), false), validation);
            averaged.setParams(average);
            double averagedLoss = mse(averaged.output(validation.getFeatures(), false), validation);
            double epochBest = Math.min(valLoss, averagedLoss);
            if (epochBest < bestLoss) {
                bestLoss = epochBest;
                best = (averagedLoss <= valLoss ? average : net.params()).dup();
                sinceBest = 0;
            } else {
                sinceBest++;
            }
            if (progress != null) {
                if (sampler.choices() > 0) {
                    progress.fedBack(epoch, sampler.fedBackShare());
                }
                progress.epoch(epoch, spec.training.epochs, trainLoss, valLoss);
            }
        }
        // Neither the epoch budget nor early stopping ended it: the clock did, so what it learnt
        // depends on how fast this machine was (callers say so; published figures must not).
        boolean cutByTimeBudget = epochCutShort || (epoch < spec.training.epochs && sinceBest < patience);
        net.setParams(best);
        shrinkTowardTheBase(net, validation);
        // The verdict comes from windows early stopping never looked at: choosing the best epoch on a
        // set makes that set's score optimistic (co2: 16% better there, worse live).
        DataSet verdict = split.verdict().toDataSet();
        INDArray predicted = net.output(verdict.getFeatures(), false);
        return new Result(
                net,
                examples,
                epoch,
                bestLoss,
                baseline,
                constants,
                mae(predicted, verdict),
                mae(predicted.mul(0), verdict),
                split.verdict().size(),
                cutByTimeBudget);
    }

    /**
     * The topology's constants with those it leaves open fitted on {@code histories}, and, unless
     * the topology turns it off ({@code base.perSeries}), each series' own where they differ.
     */
    private static BaseConstants fittedConstants(TopologySpec spec, Map<String, History> histories) {
        SmoothingFit.SeriesFit fit =
                SmoothingFit.fitHistories(histories, spec.period, spec.horizon, spec.base.perSeries, spec.base.robust);
        SmoothingParams topology = spec.base.paramsWith(fit.topology());
        Map<String, SmoothingParams> bySeries = new LinkedHashMap<>();
        fit.bySeries().forEach((series, own) -> {
            SmoothingParams p = spec.base.paramsWith(own);
            if (!p.equals(topology)) {
                bySeries.put(series, p);
            }
        });
        return new BaseConstants(topology, bySeries);
    }

    /**
     * Scales the learnt correction toward the base, by scaling the output layer's weights and bias
     * (the output layer is linear, so the network then forecasts the base plus the scaled
     * correction). With at least {@link #MIN_VERDICT_EXAMPLES} validation windows (the evidence
     * pretraining's verdict also asks for) each horizon step gets the factor in [0, 1] that
     * minimises its squared error there (least squares through the origin): a strong, well
     * measured correction (a covariate that drives the series, hourly weather) keeps all of it.
     * With fewer, every step gets {@link #CORRECTION_WEIGHT}: base and network weighted equally.
     * Why: a weight estimated on a handful of windows is as noisy as the correction it weighs, and
     * these are the windows early stopping chose its epoch on. On the short monthly sets the
     * least-squares factors rose with the step where the test part showed the long steps losing
     * (AirPassengers has about 4 validation windows, co2 24), and equal weights made the
     * corrections better on 14 of 22 networks and data sets (the forecast combination puzzle:
     * equal weights beat estimated ones on small samples); src/site/markdown/accuracy.md,
     * "Absolute error and equal weights".
     */
    static void shrinkTowardTheBase(MultiLayerNetwork net, DataSet validation) {
        if (DecoderHead.of(net) != null) {
            // One head serves every step and its output is fed back: scaling it per step is not
            // possible, and scaling it at all would change every later step's input too.
            return;
        }
        org.deeplearning4j.nn.api.Layer output = net.getLayer(net.getnLayers() - 1);
        INDArray weights = output.getParam("W");
        INDArray factors = validation.numExamples() < MIN_VERDICT_EXAMPLES
                // Too few windows to weigh the correction by: nothing to run the network over.
                ? Nd4j.valueArrayOf(new long[] {1, weights.size(1)}, CORRECTION_WEIGHT, weights.dataType())
                : leastSquaresFactors(net, validation);
        weights.muliRowVector(factors);
        INDArray bias = output.getParam("b");
        bias.muli(factors.reshape(bias.shape()));
    }

    /** Per horizon step, the factor in [0, 1] minimising the scaled correction's squared error on {@code validation}. */
    private static INDArray leastSquaresFactors(MultiLayerNetwork net, DataSet validation) {
        INDArray predicted = net.output(validation.getFeatures(), false);
        INDArray actual = validation.getLabels();
        if (validation.getLabelsMaskArray() != null) {
            // A fill's target is 0 and masked: its prediction must not weigh either.
            predicted.muli(validation.getLabelsMaskArray());
        }
        INDArray numerator = predicted.mul(actual).sum(0);
        INDArray denominator = predicted.mul(predicted).sum(0);
        int horizon = (int) predicted.size(1);
        INDArray factors = Nd4j.create(predicted.dataType(), 1, horizon);
        for (int h = 0; h < horizon; h++) {
            double d = denominator.getDouble(h);
            double f = d > 0 ? numerator.getDouble(h) / d : 0;
            factors.putScalar(0, h, Math.max(0, Math.min(1, f)));
        }
        return factors;
    }

    /**
     * Zeroes the output layer, so the untrained network predicts a zero correction: exactly the
     * encoder's base forecast. Training (and early stopping, which keeps the best weights seen)
     * then starts from the baseline and can only move away from it where validation agrees; with
     * random output weights the first epochs are spent unlearning noise and a short patience can
     * stop before the network is even as good as the base. The recurrent layers keep their random
     * initialization, so gradients still reach them once the output weights move.
     */
    static void startAtTheBase(MultiLayerNetwork net) {
        DecoderHead head = DecoderHead.of(net);
        if (head != null) {
            // The decoders' head is inside their layer (the loss layer on top has no weights).
            head.zero();
            return;
        }
        net.getLayer(net.getnLayers() - 1).params().assign(0);
    }

    /**
     * Training, validation and verdict examples. The most recent {@link #VALIDATION_SHARE} of every
     * series (examples are in time order per series) is held out, so early stopping judges the
     * network on the recent past of all series rather than on whichever series happens to come
     * last; its older half is the validation set early stopping uses, its newer half the verdict
     * set on which the correction is compared with the base. The
     * {@code horizon} examples just before a series' validation part are dropped: their targets
     * are the validation windows' values, and training on them would let validation peek.
     */
    record Split(ExampleSet train, ExampleSet validation, ExampleSet verdict) {
        static Split of(
                Map<String, History> histories,
                Map<String, History> corpus,
                WindowEncoder encoder,
                BaseConstants constants,
                int horizon,
                int maxExamples,
                Random random) {
            int features = encoder.inputFeatures();
            ExampleSet train = new ExampleSet(features, encoder.window(), encoder.horizon());
            ExampleSet validation = new ExampleSet(features, encoder.window(), encoder.horizon());
            ExampleSet verdict = new ExampleSet(features, encoder.window(), encoder.horizon());
            for (Map.Entry<String, History> e : histories.entrySet()) {
                ExampleSet series =
                        ExampleSet.fromHistories(Map.of(e.getKey(), e.getValue()), encoder, constants.of(e.getKey()));
                int held = series.size() < 2 ? 0 : Math.max(1, (int) Math.round(series.size() * VALIDATION_SHARE));
                int valStart = series.size() - held;
                for (int i = 0; i < series.size(); i++) {
                    if (i < valStart - horizon) {
                        train.add(series.window(i), series.targets(i), series.mask(i));
                    } else if (i >= valStart && i < valStart + held / 2) {
                        validation.add(series.window(i), series.targets(i), series.mask(i));
                    } else if (i >= valStart + held / 2) {
                        verdict.add(series.window(i), series.targets(i), series.mask(i));
                    }
                }
            }
            // The held-out shares are those of the topology's own windows: a corpus adds training
            // windows only, so it must not shrink what early stopping and the verdict judge on when
            // the cap samples (a corpus of 1,400 M3 series once left unemployment 14 validation windows).
            int own = train.size() + validation.size() + verdict.size();
            for (Map.Entry<String, History> e : corpus.entrySet()) {
                // The corpus' series never serve: they run with the topology's constants.
                ExampleSet series =
                        ExampleSet.fromHistories(Map.of(e.getKey(), e.getValue()), encoder, constants.topology());
                for (int i = 0; i < series.size(); i++) {
                    train.add(series.window(i), series.targets(i), series.mask(i));
                }
            }
            int total = train.size() + validation.size() + verdict.size();
            if (total <= maxExamples) {
                return new Split(train, validation, verdict);
            }
            int held = Math.min(own, maxExamples);
            int validationCap = (int) Math.round(held * (double) validation.size() / own);
            int verdictCap = (int) Math.round(held * (double) verdict.size() / own);
            return new Split(
                    train.sample(maxExamples - validationCap - verdictCap, random),
                    validation.sample(validationCap, random),
                    verdict.sample(verdictCap, random));
        }
    }

    /** Mean absolute error over the known targets of {@code set} (a fill's is masked out). */
    static double mae(INDArray predicted, DataSet set) {
        INDArray d = predicted.sub(set.getLabels());
        INDArray known = set.getLabelsMaskArray();
        if (known == null) {
            return d.norm1Number().doubleValue() / d.length();
        }
        return d.muli(known).norm1Number().doubleValue() / known.sumNumber().doubleValue();
    }

    /** Mean squared error over the known targets of {@code set}. */
    static double mse(INDArray predicted, DataSet set) {
        INDArray d = predicted.sub(set.getLabels());
        INDArray known = set.getLabelsMaskArray();
        if (known == null) {
            return d.mul(d).meanNumber().doubleValue();
        }
        d.muli(known);
        return d.mul(d).sumNumber().doubleValue() / known.sumNumber().doubleValue();
    }
}
