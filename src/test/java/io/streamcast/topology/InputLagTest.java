package io.streamcast.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * How far behind its input a task's forecasting is: by the age of the freshest record it processed
 * in each punctuation interval against the freshest of the last 30 s, so only falling behind counts,
 * not a producer's clock or a backlog of history.
 */
class InputLagTest {
    private static final long INTERVAL = 50;

    @Test
    void aTaskThatKeepsUpIsNotBehindHoweverSkewedTheProducersClock() {
        InputLag lag = new InputLag();
        long skew = 60_000; // the producer's clock a minute behind: every record looks a minute old
        for (long now = 0; now < 10_000; now += INTERVAL) {
            lag.processed(now, now - skew - 20);
            lag.processed(now, now - skew - 5);
            assertEquals(0, lag.endInterval(now), "at " + now);
        }
    }

    @Test
    void aRareProducerWhoseClockRunsAheadDoesNotMakeTheOthersLookBehind() {
        InputLag lag = new InputLag();
        for (long now = 0; now < 10_000; now += INTERVAL) {
            lag.processed(now, now - 30);
            if (now % 2_000 == 0) {
                lag.processed(now, now + 5_000); // five seconds ahead, every two seconds
            }
            // Its records count as age 0: the others look 30 ms behind it, not five seconds.
            assertEquals(now % 2_000 == 0 ? 0 : 30, lag.endInterval(now), "at " + now);
        }
    }

    @Test
    void aTaskFallingBehindIsBehindByHowMuchOlderItsRecordsGot() {
        InputLag lag = new InputLag();
        for (long now = 0; now < 1_000; now += INTERVAL) {
            lag.processed(now, now - 10);
            lag.endInterval(now);
        }
        // From here on it processes records produced at half the pace of its clock: it falls behind.
        long behind = 0;
        for (long now = 1_000; now < 3_000; now += INTERVAL) {
            long produced = 1_000 + (now - 1_000) / 2;
            lag.processed(now, produced - 10);
            behind = lag.endInterval(now);
        }
        assertEquals((3_000 - INTERVAL - 1_000) / 2, behind);
    }

    @Test
    void aBacklogOfHistoryThatGetsFresherAsItDrainsIsNotBehind() {
        InputLag lag = new InputLag();
        for (long now = 0; now < 5_000; now += INTERVAL) {
            // Records a day old at first, produced an hour apart, drained ten per interval.
            long produced = now * 72_000 - 86_400_000L;
            lag.processed(now, produced);
            assertEquals(0, lag.endInterval(now), "at " + now);
        }
    }

    @Test
    void anIdleIntervalIsNotBehindAndTheWindowForgetsAfterThirtySeconds() {
        InputLag lag = new InputLag();
        lag.processed(0, -10);
        lag.endInterval(0);
        lag.processed(INTERVAL, -2_000);
        assertEquals(2_000 + INTERVAL - 10, lag.endInterval(INTERVAL), "older than the freshest of the window");
        assertEquals(0, lag.endInterval(2 * INTERVAL), "nothing processed: nothing waits");
        long now = 2 * INTERVAL;
        for (; now < InputLag.WINDOW_MS + 2 * INTERVAL; now += INTERVAL) {
            lag.endInterval(now);
        }
        lag.processed(now, now - 2_000);
        assertEquals(0, lag.endInterval(now), "the fresh record of 30 s ago no longer counts");
    }
}
