package io.streamcast.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

class CorrectedSameDiffLayerTest {

    private static final int WINDOW = 6;
    private static final int HORIZON = 2;

    /**
     * A session kept between calls grows its record of freed arrays by one entry per op per call
     * (measured: unbounded heap growth of tens of KB per call), so none may be kept.
     */
    @Test
    void keepsNoSameDiffSessionBetweenCalls() {
        MultiLayerNetwork network = gruNetwork();
        DataSet data = NoisySine.windows(4, WINDOW, HORIZON, 1);

        network.fit(data);
        network.output(data.getFeatures());

        for (Layer layer : network.getLayers()) {
            if (layer instanceof CorrectedSameDiffLayer gru) {
                assertEquals(0, gru.retainedSessions());
            }
        }
        assertInstanceOf(CorrectedSameDiffLayer.class, network.getLayer(0));
    }

    @Test
    void buildingTheGradientGraphPrintsNothing() {
        PrintStream console = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            gruNetwork().fit(NoisySine.windows(4, WINDOW, HORIZON, 1));
            System.out.println("forecast");
        } finally {
            System.setOut(console);
        }
        assertEquals("forecast" + System.lineSeparator(), captured.toString(StandardCharsets.UTF_8));
    }

    private static MultiLayerNetwork gruNetwork() {
        return NetworkFactory.build(
                new NetworkSpec(Cell.GRU, 4, 2, 1, WINDOW, HORIZON, 1e-3, ClipMode.L2_PER_LAYER, 1.0, 0, 2));
    }
}
