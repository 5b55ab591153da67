package io.streamcast.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Examples waiting out the gap to the shadow set stay within their limit however many series
 * feed a task, and what stays is a uniform sample: every series keeps its share, not the series
 * that happen to arrive first or last in a time step.
 */
class GapQueueTest {
    private static final long HOUR = Duration.ofHours(1).toMillis();
    private static final int HORIZON = 12;

    /** An example of series {@code s} completed at hour {@code hour}; the series is in window[0]. */
    private static Example example(int s, int hour) {
        long completed = hour * HOUR;
        return new Example(new float[] {s, 0, 0, 0}, new float[] {0}, completed - HORIZON * HOUR, completed);
    }

    /** As the learner releases examples: those completed a horizon before {@code hour}. */
    private static int releaseUpTo(GapQueue queue, int hour, int[] releasedBySeries) {
        int released = 0;
        while (!queue.isEmpty() && queue.peekFirst().completedMillis() <= (hour - HORIZON) * HOUR) {
            releasedBySeries[(int) queue.pollFirst().window()[0]]++;
            released++;
        }
        return released;
    }

    @Test
    void manySeriesStayWithinTheLimitAndEverySeriesKeepsItsShare() {
        int series = 4_000;
        int limit = 5_000;
        GapQueue queue = new GapQueue(limit, 42);
        int[] released = new int[series];
        long left = 0;
        long arrived = 0;
        int largest = 0;
        for (int hour = 0; hour < 200; hour++) {
            releaseUpTo(queue, hour, released);
            for (int s = 0; s < series; s++) {
                left += queue.add(example(s, hour));
                arrived++;
                largest = Math.max(largest, queue.size());
            }
        }
        // Unbounded, a horizon of every series would wait: 12 x 4,000 = 48,000.
        assertTrue(largest <= limit, "held " + largest);
        assertTrue(largest > limit / 2, "the limit is used, not undercut: " + largest);
        long releasedTotal = java.util.Arrays.stream(released).sum();
        assertEquals(
                arrived, left + releasedTotal + queue.size(), "every example is kept, released or counted as left out");
        // A uniform sample: each quarter of the arrival order within a step gets a quarter of what trains.
        long[] quarters = new long[4];
        for (int s = 0; s < series; s++) {
            quarters[s * 4 / series] += released[s];
        }
        for (long q : quarters) {
            double share = (double) q / releasedTotal;
            assertTrue(share > 0.23 && share < 0.27, "quarter shares " + java.util.Arrays.toString(quarters));
        }
    }

    @Test
    void aFewSeriesKeepEveryExampleAndTheSamplingEasesWhenTheInflowFalls() {
        GapQueue queue = new GapQueue(1_000, 7);
        int[] released = new int[2_000];
        for (int hour = 0; hour < 40; hour++) {
            releaseUpTo(queue, hour, released);
            for (int s = 0; s < 50; s++) {
                assertEquals(0, queue.add(example(s, hour)), "50 series x 12 hours fit: nothing is left out");
            }
        }
        for (int hour = 40; hour < 60; hour++) {
            releaseUpTo(queue, hour, released);
            for (int s = 0; s < 2_000; s++) {
                queue.add(example(s, hour));
            }
        }
        assertTrue(queue.keepOneIn() > 1, "thinning under 2,000 series");
        for (int hour = 60; hour < 120; hour++) {
            releaseUpTo(queue, hour, released);
            for (int s = 0; s < 50; s++) {
                queue.add(example(s, hour));
            }
        }
        assertEquals(1, queue.keepOneIn(), "back to keeping every example once the series are few again");
    }

    @Test
    void aCheckpointsSampleIsSpreadEvenlyOverTheWaitingExamplesOldestFirst() {
        GapQueue queue = new GapQueue(1_000, 3);
        for (int hour = 0; hour < 10; hour++) {
            queue.add(example(hour, hour));
        }
        assertEquals(10, queue.evenSample(10).size(), "everything when it fits");
        assertEquals(10, queue.evenSample(50).size());
        java.util.List<Example> sample = queue.evenSample(4);
        // floor(i x 10 / 4) for i = 0..3: the examples at 0, 2, 5 and 7.
        assertEquals(
                java.util.List.of(0f, 2f, 5f, 7f),
                sample.stream().map(e -> e.window()[0]).toList());
        assertEquals(10, queue.size(), "sampling leaves the queue as it was");
    }
}
