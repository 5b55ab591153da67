package io.streamcast.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Trainers wait while a task reports its forecasting further behind than training.yieldBehindMs, and not longer. */
class ForecastingLagTest {
    @Test
    void aReportBeyondTheLimitHoldsTheTrainersForAWhile() {
        AtomicLong clock = new AtomicLong(1_000_000_000L);
        ForecastingLag lag = new ForecastingLag(250, clock::get);
        assertEquals(0, lag.waitNanos(), "nothing reported");
        lag.report(250);
        assertEquals(0, lag.waitNanos(), "at the limit: forecasting keeps up");
        lag.report(400);
        assertEquals(ForecastingLag.HOLD_NANOS, lag.waitNanos());
        clock.addAndGet(ForecastingLag.HOLD_NANOS / 2);
        lag.report(0);
        assertEquals(
                ForecastingLag.HOLD_NANOS / 2, lag.waitNanos(), "a task that keeps up does not release the others");
        clock.addAndGet(ForecastingLag.HOLD_NANOS);
        assertEquals(0, lag.waitNanos(), "no report since: the trainers go on");
    }

    @Test
    void zeroNeverHoldsTheTrainers() {
        AtomicLong clock = new AtomicLong();
        ForecastingLag lag = new ForecastingLag(0, clock::get);
        lag.report(60_000);
        assertEquals(0, lag.waitNanos());
    }
}
