package io.streamcast.model;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's {@code LSTM} layer configuration, unchanged in every setting and parameter, whose runtime
 * is {@link LstmRuntimeLayer}: the same layer trained through plain loops. A subclass because DL4J
 * picks a layer's runtime in its configuration's {@code instantiate}. Checkpoints saved with DL4J's
 * own {@code LSTM} still load, and train through DL4J's runtime.
 */
public class LstmLayer extends LSTM {
    private static final long serialVersionUID = 1L;

    /** For Jackson when a saved network is restored. */
    public LstmLayer() {}

    /**
     * The configuration {@code built} (from DL4J's {@code LSTM.Builder}, whose constructor is
     * private) as an {@code LstmLayer}: every field copied, so nothing DL4J sets is lost.
     */
    public static LstmLayer of(LSTM built) {
        LstmLayer layer = new LstmLayer();
        for (Class<?> c = LSTM.class; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                try {
                    field.setAccessible(true);
                    field.set(layer, field.get(built));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("cannot copy LSTM field " + field.getName(), e);
                }
            }
        }
        return layer;
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(
            NeuralNetConfiguration conf,
            Collection<TrainingListener> trainingListeners,
            int layerIndex,
            INDArray layerParamsView,
            boolean initializeParams,
            DataType networkDataType) {
        LstmRuntimeLayer layer = new LstmRuntimeLayer(conf, networkDataType);
        layer.setListeners(trainingListeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(layerParamsView);
        Map<String, INDArray> params = initializer().init(conf, layerParamsView, initializeParams);
        layer.setParamTable(params);
        layer.setConf(conf);
        return layer;
    }
}
