package io.streamcast.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A JVM started without {@code --add-modules jdk.incubator.vector} (a user's own launcher, an
 * IDE) still serves fused: the kernels fall back to the plain loops and compute what the network
 * computes. Run in a JVM of its own, since the module is in this one's boot layer.
 */
class PlainLoopsFallbackTest {

    @Test
    void withoutTheVectorApiThePlainLoopsServeTheNetworksOutput() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(
                        java,
                        "-Xmx1g",
                        "-XX:TieredStopAtLevel=1",
                        "-cp",
                        System.getProperty("java.class.path"),
                        PlainLoopsFallbackTest.class.getName())
                .redirectErrorStream(true);
        builder.environment().put("OMP_NUM_THREADS", "1");
        builder.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        Process process = builder.start();
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
        int batch = 5;
        MultiLayerNetwork net = NetworkFactory.build(
                new NetworkSpec(cell, 16, 2, features, window, horizon, 0.01, ClipMode.NONE, 1, 0, 3));
        Random random = new Random(11);
        INDArray params = net.params();
        for (long i = 0; i < params.length(); i++) {
            params.putScalar(i, (float) (random.nextGaussian() * 0.4));
        }
        net.setParams(params);
        float[] x = new float[batch * features * window];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (random.nextGaussian() * 1.5);
        }
        float[] expected = net.output(Nd4j.create(x, new long[] {batch, features, window}, 'c'), false)
                .dup('c')
                .reshape((long) batch * horizon)
                .toFloatVector();
        float[] actual = FusedRecurrentForward.of(net, features, window).output(x, batch);
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
        if (worst > 1e-5) {
            System.out.println(cell + " " + kernel + " differs by " + worst);
            System.exit(1);
        }
        System.out.println(cell + " " + kernel + " equal (within " + worst + ")");
    }
}
