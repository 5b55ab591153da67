package io.streamcast.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The bench's per-kind figures come from the threads that did the work. */
class ProcessStatsTest {
    private static volatile Object sink;

    /** A thread named as a stream thread that allocates 64 MB within the phase is charged at least that, and no other kind is. */
    @Test
    void heapBytesAllocatedAreChargedToTheKindOfThreadThatAllocated() throws Exception {
        long megabytes = 64;
        CountDownLatch allocated = new CountDownLatch(1);
        CountDownLatch measured = new CountDownLatch(1);
        Thread stream = new Thread(
                () -> {
                    for (int i = 0; i < megabytes; i++) {
                        sink = new byte[1 << 20];
                    }
                    allocated.countDown();
                    try {
                        // Alive until the phase closes: a thread that ended is no longer counted.
                        measured.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "app-1234-StreamThread-1");
        ProcessStats.Sampler sampler = new ProcessStats.Sampler(1000);
        stream.start();
        allocated.await();
        sampler.close();
        measured.countDown();
        stream.join();

        double streamBytes = sampler.allocatedBytesByThreadGroup().get("stream threads");
        assertTrue(streamBytes >= megabytes << 20, "stream threads: " + streamBytes);
        assertTrue(streamBytes < 2 * (megabytes << 20), "only what it allocated: " + streamBytes);
        assertEquals(
                0,
                sampler.allocatedBytesByThreadGroup().getOrDefault("trainers", 0.0),
                "no trainer ran: " + sampler.allocatedBytesByThreadGroup());
    }

    /** A full collection inside a phase is counted as one of its pauses, with its length; none after the phase closed. */
    @Test
    void aCollectionWithinThePhaseIsCountedAsAPauseAndNoneAfterItCloses() throws Exception {
        ProcessStats.Sampler sampler = new ProcessStats.Sampler(1000);
        System.gc();
        // Notifications come on a JMX thread shortly after the collection.
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (sampler.gcPauses().count() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        sampler.close();
        GcPauses.Summary within = sampler.gcPauses();
        assertTrue(within.available(), "the JVM reports its collections");
        assertTrue(within.count() >= 1, "the full collection: " + within);
        assertTrue(within.longestMillis() > 0 && within.longestMillis() <= within.totalMillis(), within.toString());

        System.gc();
        Thread.sleep(200);
        assertEquals(within, sampler.gcPauses(), "a collection after the phase is not the phase's");
    }

    /** Collectors that report concurrent cycles are not pauses. */
    @Test
    void concurrentCyclesAreNotCountedAsPauses() {
        assertTrue(GcPauses.pauses("G1 Young Generation"));
        assertTrue(GcPauses.pauses("G1 Old Generation"));
        assertTrue(GcPauses.pauses("ZGC Pauses"));
        assertTrue(!GcPauses.pauses("ZGC Cycles"));
        assertTrue(!GcPauses.pauses("G1 Concurrent GC"));
        assertTrue(!GcPauses.pauses("Shenandoah Cycles"));
    }
}
