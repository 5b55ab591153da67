package io.streamcast.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.config.TopologySpec;
import io.streamcast.config.YamlConfig;
import io.streamcast.model.Decoder;
import io.streamcast.model.SamplingSchedule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** Scheduled sampling feeds back the share its schedule says, from teacher forcing to its end. */
class ScheduledSamplingTest {
    private static final int WINDOW = 6;
    private static final int HORIZON = 5;

    @Test
    void theProbabilityRisesLinearlyFromStartToEndAndThenStays() {
        SamplingSchedule schedule = new SamplingSchedule(0.0, 0.5, 20);
        assertEquals(0.0, schedule.probability(0));
        assertEquals(0.25, schedule.probability(10), 1e-12);
        assertEquals(0.5, schedule.probability(20));
        assertEquals(0.5, schedule.probability(100));
        assertEquals(0.3, new SamplingSchedule(0.3, 0.3, 0).probability(0));
    }

    @Test
    void theShareFedBackFollowsTheSchedule() {
        FeedBackSampler sampler = new FeedBackSampler(
                Decoder.SEQ2SEQ, new SamplingSchedule(0.0, 0.5, 20), new Random(1), TrainingEvents.NONE);
        DataSet batch = batch(2000, null);
        assertEquals(0.0, shareAt(sampler, batch, 0), "teacher forcing at the start: nothing fed back");
        assertEquals(0.25, shareAt(sampler, batch, 10), 0.02);
        assertEquals(0.5, shareAt(sampler, batch, 20), 0.02);
        assertEquals(0.5, shareAt(sampler, batch, 40), 0.02);
        sampler.resetCounts();
        sampler.online(batch);
        assertEquals(0.5, sampler.fedBackShare(), 0.02, "online learning draws at the schedule's end");
    }

    @Test
    void theTrainingFormCarriesTheTruthWhereNotFedBackAndTheDrawsReachTheMetrics() {
        long[] reported = new long[2];
        TrainingEvents metrics = new TrainingEvents() {
            @Override
            public void fedBack(long choices, long fedBack) {
                reported[0] += choices;
                reported[1] += fedBack;
            }
        };
        FeedBackSampler sampler =
                new FeedBackSampler(Decoder.AUTOREGRESSIVE, new SamplingSchedule(0.5, 0.5, 0), new Random(2), metrics);
        DataSet batch = batch(50, null);
        INDArray form = sampler.pretraining(batch, 0).getFeatures();
        assertEquals(List.of(50L, 2L, (long) WINDOW + HORIZON), List.of(form.size(0), form.size(1), form.size(2)));
        long fed = 0;
        for (int i = 0; i < 50; i++) {
            for (int t = 0; t < WINDOW; t++) {
                assertEquals(batch.getFeatures().getFloat(i, 0, t), form.getFloat(i, 0, t), "the window as it was");
                assertEquals(0f, form.getFloat(i, 1, t), "nothing is fed back inside the window");
            }
            for (int h = 0; h < HORIZON; h++) {
                assertEquals(batch.getLabels().getFloat(i, h), form.getFloat(i, 0, WINDOW + h), "the truth follows");
                fed += (long) form.getFloat(i, 1, WINDOW + h);
            }
            assertEquals(0f, form.getFloat(i, 1, WINDOW + HORIZON - 1), "the last step feeds nothing");
        }
        assertEquals(50L * (HORIZON - 1), reported[0]);
        assertEquals(fed, reported[1]);
    }

    @Test
    void unknownTargetsAreAlwaysFedBackAndNotCountedAsDrawn() {
        INDArray mask = Nd4j.ones(100, HORIZON);
        for (int i = 0; i < 100; i++) {
            mask.putScalar(i, 1, 0); // step 2 not known yet
        }
        FeedBackSampler sampler = new FeedBackSampler(
                Decoder.SEQ2SEQ, SamplingSchedule.TEACHER_FORCING, new Random(3), TrainingEvents.NONE);
        DataSet form = sampler.pretraining(batch(100, mask), 0);
        assertEquals(100L * (HORIZON - 2), sampler.choices());
        assertEquals(0.0, sampler.fedBackShare());
        for (int i = 0; i < 100; i++) {
            assertEquals(1f, form.getFeatures().getFloat(i, 1, WINDOW + 1), "no truth to feed: the prediction goes on");
            assertEquals(0f, form.getFeatures().getFloat(i, 0, WINDOW + 1), "and the unknown target is not passed");
        }
        assertSame(mask, form.getLabelsMaskArray(), "the loss still leaves the unknown target out");
    }

    @Test
    void theDirectHeadFitsItsBatchAsItIs() {
        FeedBackSampler sampler = new FeedBackSampler(
                Decoder.DIRECT, new SamplingSchedule(0.5, 0.5, 0), new Random(4), TrainingEvents.NONE);
        DataSet batch = batch(10, null);
        assertSame(batch, sampler.pretraining(batch, 3));
        assertSame(batch, sampler.online(batch));
        assertEquals(0, sampler.choices());
    }

    @Test
    void pretrainingReportsTheShareOfEachEpochRisingOnTheSchedule() {
        TopologySpec spec = YamlConfig.parseTopology("""
                name: sampling
                period: 4
                window: 8
                horizon: 3
                model: { cell: gru, hidden: 4, layers: 1, decoder: autoregressive }
                training: { online: false, epochs: 4, batchSize: 32, scheduledSampling: { start: 0.0, end: 0.6, epochs: 2 } }
                """, List.of());
        Random noise = new Random(5);
        Map<String, double[]> histories = new LinkedHashMap<>();
        for (int s = 0; s < 4; s++) {
            double[] y = new double[160];
            for (int h = 0; h < y.length; h++) {
                y[h] = 100 + 10 * Math.sin(2 * Math.PI * h / 4.0 + s) + noise.nextGaussian();
            }
            histories.put("s" + s, y);
        }
        List<Double> shares = new ArrayList<>();
        Pretrainer.Result result = Pretrainer.train(spec, histories, null, new Pretrainer.Progress() {
            @Override
            public void epoch(int epoch, int epochs, double trainLoss, double validationLoss) {}

            @Override
            public void fedBack(int epoch, double share) {
                assertEquals(shares.size() + 1, epoch);
                shares.add(share);
            }
        });
        assertEquals(4, result.epochs());
        assertEquals(4, shares.size(), shares.toString());
        assertEquals(0.0, shares.get(0), "epoch 1 is teacher forced");
        assertEquals(0.3, shares.get(1), 0.08, shares.toString());
        assertEquals(0.6, shares.get(2), 0.08, shares.toString());
        assertEquals(0.6, shares.get(3), 0.08, shares.toString());
        assertTrue(Double.isFinite(result.validationLoss()), "the decoder trained: " + result.validationLoss());
    }

    private static double shareAt(FeedBackSampler sampler, DataSet batch, int completedEpochs) {
        sampler.resetCounts();
        sampler.pretraining(batch, completedEpochs);
        return sampler.fedBackShare();
    }

    private static DataSet batch(int examples, INDArray mask) {
        Nd4j.getRandom().setSeed(examples);
        DataSet batch = new DataSet(Nd4j.randn(examples, 1, WINDOW), Nd4j.randn(examples, HORIZON));
        batch.setLabelsMaskArray(mask);
        return batch;
    }
}
