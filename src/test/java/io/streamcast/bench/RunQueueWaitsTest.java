package io.streamcast.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class RunQueueWaitsTest {

    @Test
    void theKernelKeepsTheFirstFifteenBytesOfAThreadsName() {
        assertEquals("bench2-bench-St", RunQueueWaits.kernelName("bench2-bench-StreamThread-1"));
        assertEquals("short", RunQueueWaits.kernelName("short"));
        // A character cut in the middle of its bytes: the kernel keeps the bytes, Java decodes what is left.
        assertEquals("streamcast-tra\uFFFD", RunQueueWaits.kernelName("streamcast-tra\u00e9ner"));
    }

    /**
     * More threads that never sleep than cores: each waits on a run queue, and the wait is theirs.
     * One spinner shares its kernel name with a sleeping thread of another group, as the stream
     * thread shares {@code <app>-St} with Kafka Streams' state updater: the wait goes to the spinner's.
     */
    @Test
    void threadsThatOutnumberTheCoresAreSeenWaitingForOne() throws Exception {
        assumeTrue(Files.exists(Path.of("/proc/thread-self/schedstat")), "the kernel keeps schedstat");
        RunQueueWaits waits = new RunQueueWaits();
        int spinners = 2 * Runtime.getRuntime().availableProcessors() + 1;
        Thread sleeper = new Thread(
                () -> {
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException e) {
                        // stopped
                    }
                },
                "bench9-bench-StateUpdater-1");
        sleeper.start();
        CountDownLatch started = new CountDownLatch(spinners);
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < spinners; i++) {
            Thread t = new Thread(
                    () -> {
                        started.countDown();
                        double x = 0;
                        while (!stop.get()) {
                            x += Math.sqrt(x + 1);
                        }
                        if (x < 0) {
                            System.out.println(x);
                        }
                    },
                    i == 0 ? "bench9-bench-StreamThread-1" : "bench-spinner-" + i);
            threads.add(t);
            t.start();
        }
        started.await();
        Thread.sleep(400);
        // Read while the spinners live: a thread that has ended has no schedstat left to read.
        Map<String, Double> seconds = waits.secondsByGroup(ProcessStats::group);
        stop.set(true);
        sleeper.interrupt();
        for (Thread t : threads) {
            t.join();
        }
        // Each spinner had 400 ms of work and at most cores/spinners of the machine: together they
        // waited at least about spinners x 400 ms x (1 - cores/spinners), more than a second.
        double waited = seconds.getOrDefault("bench clients", 0.0);
        assertTrue(waited > 0.5, "the spinners' run-queue wait, in seconds: " + seconds);
        // The one named as a stream thread waited about 400 ms x (1 - cores / spinners) too.
        assertTrue(
                seconds.getOrDefault("stream threads", 0.0) > 0.05,
                "the stream thread's stand-in, not the sleeper that shares its kernel name: " + seconds);
    }
}
