package io.streamcast.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Target timestamps: h steps after an origin, in UTC, for clock and calendar steps. */
class StepTest {

    @Test
    void clockStepsAreTheDurationTimesH() {
        Instant origin = Instant.parse("2024-02-28T23:30:00Z");
        for (String text : new String[] {"PT1H", "PT15M", "PT0.25S", "PT36H0.5S", "P2DT3H"}) {
            Step step = Step.parse(text);
            Duration d = Duration.parse(text);
            for (int h = -50; h <= 50; h++) {
                assertEquals(origin.plus(d.multipliedBy(h)), step.after(origin, h), text + " x " + h);
            }
        }
    }

    @Test
    void calendarStepsFollowTheCalendar() {
        Step monthly = Step.parse("P1M");
        Instant origin = Instant.parse("2024-01-31T00:00:00Z");
        assertEquals(Instant.parse("2024-02-29T00:00:00Z"), monthly.after(origin, 1));
        assertEquals(origin.atOffset(ZoneOffset.UTC).plusMonths(12).toInstant(), monthly.after(origin, 12));
        assertEquals(Instant.parse("2023-12-31T00:00:00Z"), monthly.before(origin, 1));
    }
}
