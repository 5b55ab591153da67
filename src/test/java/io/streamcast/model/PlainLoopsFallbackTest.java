package io.streamcast.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamcast.testing.ChildJvm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

/**
 * A JVM started without {@code --add-modules jdk.incubator.vector} (a user's own launcher, an
 * IDE) still serves fused: the kernels fall back to the plain loops and compute what the network
 * computes. Run in a JVM of its own, since the module is in this one's boot layer.
 */
class PlainLoopsFallbackTest {

    @Test
    void withoutTheVectorApiThePlainLoopsServeTheNetworksOutput() throws IOException, InterruptedException {
        Process process = ChildJvm.builder(false, List.of(), PlainLoopsFallbackTest.class.getName(), List.of())
                .redirectErrorStream(true)
                .start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "the check finished");
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("GRU ScalarGruKernel equal"), output);
        assertTrue(output.contains("LSTM ScalarLstmKernel equal"), output);
        assertTrue(output.contains("serving kernel: plain loops"), "the operator is told: " + output);
    }

    /** In the JVM without the module: the kernels chosen, and the fused output against the network's. */
    public static void main(String[] args) {
        check(Cell.GRU, GruKernel.best().getClass().getSimpleName());
        check(Cell.LSTM, LstmKernel.best().getClass().getSimpleName());
    }

    private static void check(Cell cell, String kernel) {
        int features = 2;
        int window = 24;
        int horizon = 6;
        MultiLayerNetwork net = NetworkFactory.build(
                new NetworkSpec(cell, 16, 2, features, window, horizon, 0.01, ClipMode.NONE, 1, 0, 3));
        // Throws (and so exits non-zero, with the difference in its message) unless equal within 1e-5.
        FusedRecurrentForwardTest.assertFusedEqualsNetwork(net, features, window, horizon, 5, 11);
        System.out.println(cell + " " + kernel + " equal");
    }
}
