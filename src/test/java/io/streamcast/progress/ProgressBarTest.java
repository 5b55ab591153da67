package io.streamcast.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final AtomicLong nanos = new AtomicLong();

    @Test
    void logsOneLinePerTenPercentWhenNotOnATerminal() {
        ProgressBar bar = new ProgressBar("replay", 1000, out, false, nanos::get);
        for (int i = 0; i < 1000; i++) {
            nanos.addAndGet(10_000_000); // 10 ms per item
            bar.step(1);
        }
        bar.done();

        List<String> lines = text().lines().toList();
        assertEquals(10, lines.size(), text());
        assertEquals("replay:  10% 100/1000, 100/s, ETA 9s", lines.get(0));
        assertEquals("replay:  90% 900/1000, 100/s, ETA 1s", lines.get(8));
        assertEquals("replay: 1000 done in 10s (100/s)", lines.get(9));
    }

    @Test
    void bigStepsLogOnlyTheTenthsReached() {
        ProgressBar bar = new ProgressBar("train", 10, out, false, nanos::get);
        bar.step(5);
        bar.step(5);
        bar.done();

        List<String> lines = text().lines().toList();
        assertEquals(2, lines.size(), text());
        assertTrue(lines.get(0).startsWith("train:  50% 5/10"), lines.get(0));
    }

    @Test
    void terminalModeRedrawsOneLineAtMostFiveTimesASecond() {
        ProgressBar bar = new ProgressBar("demo", 100, out, true, nanos::get);
        for (int i = 0; i < 50; i++) {
            nanos.addAndGet(20_000_000); // 20 ms per item: the 1st step draws, then every 10th (200 ms)
            bar.step(1);
        }
        bar.done();

        String text = text();
        assertEquals(1, text.chars().filter(c -> c == '\n').count(), "one line, redrawn with carriage returns");
        long redraws = text.chars().filter(c -> c == '\r').count() - 1; // minus the final line
        assertEquals(5, redraws, text);
        assertTrue(text.contains("\rdemo:  41% 41/100, 50.0/s, ETA 1s"), text);
        assertTrue(text.contains("\rdemo: 50 done in 1s (50.0/s)"), text);
    }

    /** The demo's warm start stops at its time budget: its last line says how far it got, in epochs (issue 13: "1 done in 20s"). */
    @Test
    void aNamedUnitSaysWhatWasCountedAndWhereWorkStoppedShort() {
        ProgressBar shortOfTotal = new ProgressBar("warm start temps", "epochs", 150, out, false, nanos::get);
        nanos.addAndGet(18_000_000_000L);
        shortOfTotal.step(1);
        shortOfTotal.done();
        assertEquals("warm start temps: 1 epoch of 150 in 18s (0.1/s)", text().strip());

        bytes.reset();
        ProgressBar complete = new ProgressBar("train temps", "epochs", 20, out, false, nanos::get);
        nanos.addAndGet(4_000_000_000L);
        complete.step(10);
        complete.step(10);
        complete.done();
        List<String> lines = text().lines().toList();
        assertEquals("train temps:  50% 10/20 epochs, 2.5/s, ETA 4s", lines.get(0));
        assertEquals("train temps: 20 epochs in 4s (5.0/s)", lines.get(1));
    }

    @Test
    void unknownTotalShowsCountAndRateOnly() {
        ProgressBar bar = new ProgressBar("demo", 0, out, true, nanos::get);
        nanos.addAndGet(2_000_000_000L);
        bar.step(10);

        assertEquals("\rdemo: 10, 5.0/s", text());
    }

    private String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
