package io.streamcast.model;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Milliseconds per {@code output} call for batches of windows through the production networks,
 * and per {@code fit} call for one training batch. Not a unit test; run by hand with
 * OMP_NUM_THREADS=1 OMP_WAIT_POLICY=PASSIVE like the service:
 * <pre>java -cp target/test-classes:target/classes:$(deps) io.streamcast.model.InferenceBench</pre>
 */
public final class InferenceBench {

    private static final int WINDOW = 48;
    private static final int HORIZON = 24;
    private static final int HIDDEN = 32;
    private static final int LAYERS = 2;
    private static final int[] BATCHES = {1, 64, 1024};
    private static final int TRAINING_BATCH = 32;
    private static final long BUDGET_NANOS = 3_000_000_000L;

    private InferenceBench() {
    }

    public static void main(String[] args) {
        System.out.printf(Locale.ROOT, "window=%d horizon=%d hidden=%d layers=%d, FLOAT, OMP_NUM_THREADS=%s%n",
                WINDOW, HORIZON, HIDDEN, LAYERS, System.getenv("OMP_NUM_THREADS"));
        for (Cell cell : new Cell[] {Cell.GRU, Cell.LSTM}) {
            NetworkSpec spec = new NetworkSpec(cell, HIDDEN, LAYERS, 1, WINDOW, HORIZON, 1e-3,
                    ClipMode.L2_PER_LAYER, 1.0, 0, 1);
            MultiLayerNetwork network = NetworkFactory.build(spec);
            for (int batch : BATCHES) {
                INDArray windows = Nd4j.rand(DataType.FLOAT, batch, 1, WINDOW);
                Timing t = time(() -> network.output(windows));
                System.out.printf(Locale.ROOT, "%-4s output batch %4d: %8.2f ms/call (cpu %8.2f)  %9.0f windows/s%n",
                        cell, batch, t.wallMs(), t.cpuMs(), batch * 1000 / t.wallMs());
            }
            DataSet training = new DataSet(Nd4j.rand(DataType.FLOAT, TRAINING_BATCH, 1, WINDOW),
                    Nd4j.rand(DataType.FLOAT, TRAINING_BATCH, HORIZON));
            Timing t = time(() -> network.fit(training));
            System.out.printf(Locale.ROOT, "%-4s fit    batch %4d: %8.2f ms/call (cpu %8.2f)%n",
                    cell, TRAINING_BATCH, t.wallMs(), t.cpuMs());
        }
    }

    /** Wall time, and this thread's CPU time, which other processes on a shared machine distort less. */
    private record Timing(double wallMs, double cpuMs) {
    }

    private static Timing time(Runnable call) {
        for (int i = 0; i < 3; i++) {
            call.run(); // first calls build graphs and workspaces
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int calls = 0;
        long cpuStart = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        long elapsed;
        do {
            call.run();
            calls++;
            elapsed = System.nanoTime() - start;
        } while (elapsed < BUDGET_NANOS && calls < 2000);
        long cpu = threads.getCurrentThreadCpuTime() - cpuStart;
        return new Timing(elapsed / 1e6 / calls, cpu / 1e6 / calls);
    }
}
