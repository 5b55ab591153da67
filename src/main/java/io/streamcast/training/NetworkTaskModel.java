package io.streamcast.training;

import io.streamcast.model.VersionedModel;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A task's serving network plus its optional online learner. The serving network is only ever
 * used for inference; the learner trains its own copy and hands over weights at the flush safe
 * point ({@code setParams}), so inference never waits behind {@code fit}.
 */
public final class NetworkTaskModel implements TaskModel {
    static final String SERVING_KEY = "serving";

    private final ModelStore store;
    private final String cell;
    private final int features;
    private final int window;
    private final MultiLayerNetwork serving;
    private final OnlineLearner learner;
    private long version;

    NetworkTaskModel(ModelStore store, String cell, int features, int window, MultiLayerNetwork serving, long version, OnlineLearner learner) {
        this.store = store;
        this.cell = cell;
        this.features = features;
        this.window = window;
        this.serving = serving;
        this.version = version;
        this.learner = learner;
    }

    @Override
    public boolean ready() {
        return version > 0;
    }

    @Override
    public String cell() {
        return cell;
    }

    @Override
    public long version() {
        return version;
    }

    @Override
    public float[] predict(float[] inputs, int batch) {
        INDArray x = Nd4j.create(inputs, new long[] {batch, features, window}, 'c').castTo(DataType.FLOAT);
        INDArray y = serving.output(x, false);
        return Nd4j.toFlattened('c', y).toFloatVector();
    }

    @Override
    public void onExample(float[] window, float[] targets) {
        if (learner != null) {
            learner.add(window, targets);
        }
    }

    @Override
    public void afterFlush() {
        if (learner == null) {
            return;
        }
        OnlineLearner.Promotion promotion = learner.step(serving, version);
        if (promotion != null) {
            serving.setParams(promotion.params());
            version = promotion.version();
            store.saveServing(VersionedModel.of(version, serving, false));
        }
    }

    MultiLayerNetwork serving() {
        return serving;
    }

    @Override
    public void close() {
        if (learner != null) {
            learner.close();
        }
    }
}
