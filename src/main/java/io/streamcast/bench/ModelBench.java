package io.streamcast.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamcast.model.Cell;
import io.streamcast.model.ClipMode;
import io.streamcast.model.NetworkFactory;
import io.streamcast.model.NetworkSpec;
import io.streamcast.model.WindowEncoder;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The model micro-benchmark: the network {@link NetworkFactory} builds for a topology (FLOAT,
 * Adam, per-layer clipping), one {@code output} call at each batch size and one {@code fit} step,
 * timed on this thread after warm-up calls (the first calls build workspaces and leave the JIT
 * to compile the layers' loops); then, where PyTorch imports, the same network in PyTorch through the bundled
 * {@code bench/torch_bench.py}, and the ratio DL4J / PyTorch per call.
 */
public final class ModelBench {
    /** The bundled PyTorch side. */
    public static final String TORCH_SCRIPT = "/bench/torch_bench.py";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Shape of the networks timed. */
    public record Shape(int window, int horizon, int hidden, int layers) {}

    private ModelBench() {}

    /**
     * Times every cell of {@code cells}; {@code secondsPerFigure} bounds each measurement. Returns
     * {@code {cell: {inference: {batch: {...}}, trainingStep: {...}, torch: {...} or unavailable}}}.
     */
    public static Map<String, Object> run(
            List<Cell> cells,
            Shape shape,
            int[] batches,
            int trainingBatch,
            double secondsPerFigure,
            boolean torch,
            java.util.function.Consumer<String> log) {
        Map<String, Object> out = new LinkedHashMap<>();
        String python = torch ? torchPython() : null;
        out.put("torchAvailable", python != null);
        if (torch && python == null) {
            out.put("torch", "unavailable: no python3 that imports torch (apt-get install python3-torch)");
        }
        for (Cell cell : cells) {
            Map<String, Object> c = new LinkedHashMap<>();
            NetworkSpec spec = new NetworkSpec(
                    cell,
                    shape.hidden(),
                    shape.layers(),
                    WindowEncoder.FEATURES,
                    shape.window(),
                    shape.horizon(),
                    1e-3,
                    ClipMode.L2_PER_LAYER,
                    1.0,
                    1e-5,
                    42);
            MultiLayerNetwork network = NetworkFactory.build(spec);
            // One warm-up for the network before any figure: batch 1, measured first, would
            // otherwise carry most of the JIT's work on the layers' Java loops.
            INDArray warm = Nd4j.rand(DataType.FLOAT, 32, WindowEncoder.FEATURES, shape.window());
            time(() -> network.output(warm, false), Math.max(2, secondsPerFigure));
            Map<String, Object> inference = new LinkedHashMap<>();
            // What the service serves with: the fused forward pass where the network has one (GRU, LSTM).
            io.streamcast.model.FusedRecurrentForward fused =
                    io.streamcast.model.FusedRecurrentForward.of(network, WindowEncoder.FEATURES, shape.window());
            Map<String, Object> serving = new LinkedHashMap<>();
            for (int batch : batches) {
                INDArray windows = Nd4j.rand(DataType.FLOAT, batch, WindowEncoder.FEATURES, shape.window());
                Timing t = time(() -> network.output(windows, false), secondsPerFigure);
                inference.put(
                        Integer.toString(batch),
                        Map.of(
                                "msPerCall",
                                t.wallMs(),
                                "cpuMsPerCall",
                                t.cpuMs(),
                                "usPerWindow",
                                t.wallMs() * 1000 / batch,
                                "calls",
                                t.calls()));
                log.accept(String.format(
                        java.util.Locale.ROOT,
                        "model %s dl4j inference batch %d: %.2f ms/call, %.1f us/window",
                        name(cell),
                        batch,
                        t.wallMs(),
                        t.wallMs() * 1000 / batch));
                if (fused != null) {
                    float[] flat = windows.dup('c').reshape(windows.length()).toFloatVector();
                    time(() -> fused.output(flat, batch), Math.min(1, secondsPerFigure));
                    Timing f = time(() -> fused.output(flat, batch), secondsPerFigure);
                    serving.put(
                            Integer.toString(batch),
                            Map.of(
                                    "msPerCall",
                                    f.wallMs(),
                                    "cpuMsPerCall",
                                    f.cpuMs(),
                                    "usPerWindow",
                                    f.wallMs() * 1000 / batch,
                                    "calls",
                                    f.calls()));
                    log.accept(String.format(
                            java.util.Locale.ROOT,
                            "model %s serving (fused) inference batch %d: %.3f ms/call, %.1f us/window",
                            name(cell),
                            batch,
                            f.wallMs(),
                            f.wallMs() * 1000 / batch));
                }
            }
            c.put("inference", inference);
            if (!serving.isEmpty()) {
                c.put("servingInference", serving);
            }
            DataSet training = new DataSet(
                    Nd4j.rand(DataType.FLOAT, trainingBatch, WindowEncoder.FEATURES, shape.window()),
                    Nd4j.rand(DataType.FLOAT, trainingBatch, shape.horizon()));
            Timing t = time(() -> network.fit(training), secondsPerFigure);
            c.put(
                    "trainingStep",
                    Map.of(
                            "batch",
                            trainingBatch,
                            "msPerStep",
                            t.wallMs(),
                            "cpuMsPerStep",
                            t.cpuMs(),
                            "steps",
                            t.calls()));
            log.accept(String.format(
                    java.util.Locale.ROOT,
                    "model %s dl4j training step (batch %d): %.2f ms",
                    name(cell),
                    trainingBatch,
                    t.wallMs()));
            if (python != null) {
                try {
                    Map<String, Object> torchFigures = torch(
                            python, cell, shape, batches, trainingBatch, secondsPerFigure, inference, t.wallMs(), log);
                    c.put("torch", torchFigures);
                    servingOverTorch(name(cell), serving, torchFigures, log);
                } catch (IOException | RuntimeException e) {
                    c.put("torch", "failed: " + e.getMessage());
                }
            }
            out.put(name(cell), c);
        }
        return out;
    }

    /** The serving path's time per call over PyTorch's, per batch (the "within 2x" figure). */
    @SuppressWarnings("unchecked")
    private static void servingOverTorch(
            String cell,
            Map<String, Object> serving,
            Map<String, Object> torch,
            java.util.function.Consumer<String> log) {
        Object torchInference = torch.get("inference");
        if (serving.isEmpty() || !(torchInference instanceof Map)) {
            return;
        }
        serving.forEach((batch, figures) -> {
            Object t = ((Map<String, Object>) torchInference).get(batch);
            if (t instanceof Map) {
                double torchMs = (double) ((Map<String, Object>) t).get("msPerCall");
                double ours = (double) ((Map<String, Object>) figures).get("msPerCall");
                Map<String, Object> withRatio = new LinkedHashMap<>((Map<String, Object>) figures);
                withRatio.put("servingOverTorch", ours / torchMs);
                serving.put(batch, withRatio);
                log.accept(String.format(
                        java.util.Locale.ROOT, "model %s serving/torch batch %s: %.2f", cell, batch, ours / torchMs));
            }
        });
    }

    static String name(Cell cell) {
        return cell.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static Map<String, Object> torch(
            String python,
            Cell cell,
            Shape shape,
            int[] batches,
            int trainingBatch,
            double seconds,
            Map<String, Object> dl4j,
            double dl4jStepMs,
            java.util.function.Consumer<String> log)
            throws IOException {
        Path script = Files.createTempFile("streamcast-torch-bench", ".py");
        try {
            try (InputStream in = ModelBench.class.getResourceAsStream(TORCH_SCRIPT)) {
                if (in == null) {
                    throw new IOException(TORCH_SCRIPT + " is missing from the jar");
                }
                Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
            }
            List<String> command = new ArrayList<>(List.of(
                    python,
                    script.toString(),
                    "--cell",
                    name(cell),
                    "--features",
                    Integer.toString(WindowEncoder.FEATURES),
                    "--window",
                    Integer.toString(shape.window()),
                    "--horizon",
                    Integer.toString(shape.horizon()),
                    "--hidden",
                    Integer.toString(shape.hidden()),
                    "--layers",
                    Integer.toString(shape.layers()),
                    "--train-batch",
                    Integer.toString(trainingBatch),
                    "--seconds",
                    Double.toString(seconds),
                    "--batches",
                    String.join(
                            ",",
                            java.util.Arrays.stream(batches)
                                    .mapToObj(Integer::toString)
                                    .toList())));
            String stdout = runProcess(command, 600);
            JsonNode r = JSON.readTree(stdout.lines()
                    .filter(l -> l.startsWith("{"))
                    .reduce((a, b) -> b)
                    .orElse("{}"));
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("version", r.path("torch").asText());
            out.put("threads", r.path("threads").asInt());
            Map<String, Object> inference = new LinkedHashMap<>();
            for (int batch : batches) {
                double ms = r.path("inference")
                        .path(Integer.toString(batch))
                        .path("msPerCall")
                        .asDouble(Double.NaN);
                @SuppressWarnings("unchecked")
                double ours = (double) ((Map<String, Object>) dl4j.get(Integer.toString(batch))).get("msPerCall");
                inference.put(
                        Integer.toString(batch),
                        Map.of("msPerCall", ms, "usPerWindow", ms * 1000 / batch, "dl4jOverTorch", ours / ms));
                log.accept(String.format(
                        java.util.Locale.ROOT,
                        "model %s torch inference batch %d: %.2f ms/call (dl4j/torch %.2f)",
                        name(cell),
                        batch,
                        ms,
                        ours / ms));
            }
            out.put("inference", inference);
            double step = r.path("trainingStep").path("msPerStep").asDouble(Double.NaN);
            out.put("trainingStep", Map.of("msPerStep", step, "dl4jOverTorch", dl4jStepMs / step));
            log.accept(String.format(
                    java.util.Locale.ROOT,
                    "model %s torch training step: %.2f ms (dl4j/torch %.2f)",
                    name(cell),
                    step,
                    dl4jStepMs / step));
            return out;
        } finally {
            Files.deleteIfExists(script);
        }
    }

    /**
     * A python that imports torch: {@code STREAMCAST_PYTHON} if set, else Debian's
     * {@code /usr/bin/python3} (where {@code python3-torch} installs), else {@code python3} on the PATH.
     */
    public static String torchPython() {
        List<String> candidates = new ArrayList<>();
        String env = System.getenv("STREAMCAST_PYTHON");
        if (env != null && !env.isBlank()) {
            candidates.add(env);
        }
        candidates.add("/usr/bin/python3");
        candidates.add("python3");
        for (String python : candidates) {
            try {
                runProcess(List.of(python, "-c", "import torch"), 120);
                return python;
            } catch (IOException | RuntimeException e) {
                // next candidate
            }
        }
        return null;
    }

    private static String runProcess(List<String> command, long timeoutSeconds) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
        try {
            p.getOutputStream().close();
            var err = new java.io.ByteArrayOutputStream();
            Thread drain = new Thread(() -> {
                try {
                    p.getErrorStream().transferTo(err);
                } catch (IOException ignored) {
                    // process gone
                }
            });
            drain.setDaemon(true);
            drain.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(command.get(0) + " did not finish in " + timeoutSeconds + " s");
            }
            drain.join(1000);
            if (p.exitValue() != 0) {
                String e = err.toString(StandardCharsets.UTF_8).trim();
                throw new IOException(command.get(0) + " exited with " + p.exitValue() + ": "
                        + (e.length() > 300 ? e.substring(e.length() - 300) : e));
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted", e);
        }
    }

    /** Wall time per call, and this thread's CPU time per call (less distorted by other processes on a shared machine). */
    record Timing(double wallMs, double cpuMs, int calls) {}

    /**
     * Warm-up by time, not by count: the recurrent layers' loops run interpreted until the JIT
     * has compiled them, and until then a call costs several times its
     * steady state, which is what a long-running service sees. At least three calls, then as long as the measurement.
     */
    static Timing time(Runnable call, double seconds) {
        long warmUntil = System.nanoTime() + (long) (seconds * 1e9);
        for (int i = 0; i < 3 || System.nanoTime() < warmUntil; i++) {
            call.run();
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long budget = (long) (seconds * 1e9);
        int calls = 0;
        long cpuStart = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        long elapsed;
        do {
            call.run();
            calls++;
            elapsed = System.nanoTime() - start;
        } while (elapsed < budget && calls < 2000);
        long cpu = threads.getCurrentThreadCpuTime() - cpuStart;
        return new Timing(elapsed / 1e6 / calls, cpu / 1e6 / calls, calls);
    }
}
