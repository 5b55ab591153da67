package io.streamcast.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The machine's CPU over a phase, from the kernel's own counters. */
class MachineCpuTest {
    private static volatile long sink;

    @Test
    void sharesOfEveryCoresTicksAreCoresBusyAndPressureIsSeconds() {
        String pressure =
                "some avg10=44.78 avg60=57.27 avg300=51.33 total=%d\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0\n";
        MachineCpu.Reading from = MachineCpu.parse(
                List.of(
                        "cpu  100 0 50 800 50 0 0 0 0 0",
                        "cpu0 50 0 25 400 25 0 0 0 0 0",
                        "cpu1 50 0 25 400 25 0 0 0 0 0"),
                pressure.formatted(1_000_000));
        // 400 ticks later on two cores: 150 user, 10 nice, 30 system, 10 irq/softirq, 20 steal, 180 idle.
        MachineCpu.Reading to = MachineCpu.parse(
                List.of("cpu  250 10 80 970 60 5 5 20 0 0", "cpu0 1 0 0 0 0 0 0 0 0 0", "cpu1 1 0 0 0 0 0 0 0 0 0"),
                pressure.formatted(3_500_000));

        MachineCpu.Summary phase = MachineCpu.between(from, to, 2.0);

        assertEquals(
                2 * 220.0 / 400,
                phase.busyCores(),
                1e-9,
                "busy ticks (steal included) as a share of all, times the cores");
        assertEquals(2 * 20.0 / 400, phase.stealCores(), 1e-9);
        assertEquals(2.5, phase.pressureSeconds(), 1e-9, "the some-line's total grew by 2.5 s");
    }

    @Test
    void withoutTheKernelsFiguresTheyAreNotANumber() {
        MachineCpu.Summary none = MachineCpu.between(MachineCpu.Reading.NONE, MachineCpu.Reading.NONE, 1.0);
        assertTrue(Double.isNaN(none.busyCores()) && Double.isNaN(none.pressureSeconds()));
        MachineCpu.Reading noPressure = MachineCpu.parse(List.of("cpu  1 0 0 1 0 0 0 0", "cpu0 1 0 0 1 0 0 0 0"), "");
        assertEquals(-1, noPressure.pressureSomeMicros());
    }

    /** On this machine: a thread that spins through a phase shows as about a core busy. */
    @Test
    void aSpinningThreadShowsAsACoreBusy() {
        MachineCpu phase = new MachineCpu();
        long until = System.nanoTime() + 500_000_000L;
        long n = 0;
        while (System.nanoTime() < until) {
            n++;
        }
        sink = n;
        MachineCpu.Summary s = phase.summary();
        if (Double.isNaN(s.busyCores())) {
            return; // no /proc/stat: not Linux
        }
        assertTrue(s.busyCores() >= 0.5, "busy cores " + s.busyCores());
        assertTrue(s.busyCores() <= Runtime.getRuntime().availableProcessors() + 0.01, "busy cores " + s.busyCores());
    }
}
