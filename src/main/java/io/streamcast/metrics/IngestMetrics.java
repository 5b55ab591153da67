package io.streamcast.metrics;

import static io.streamcast.metrics.MetricNames.BASE_CLIPPED;
import static io.streamcast.metrics.MetricNames.DEAD_LETTERS;
import static io.streamcast.metrics.MetricNames.OBSERVATIONS_ACCEPTED;
import static io.streamcast.metrics.MetricNames.OBSERVATIONS_LATE;
import static io.streamcast.metrics.MetricNames.READINGS_AGGREGATED;
import static io.streamcast.metrics.MetricNames.SERIES_EXPIRED;
import static io.streamcast.metrics.MetricNames.SERIES_RESTARTED;
import static io.streamcast.metrics.MetricNames.STEPS_FILLED;
import static io.streamcast.metrics.MetricNames.TAG_REASON;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Ingest meters of one topology: observations accepted and late, steps filled, series restarted,
 * dead letters by reason (see {@link TopologyMetrics} for the table). Counts live here rather than
 * in meters so those made before {@link #bindTo} are not lost. Thread-safe.
 */
public final class IngestMetrics implements MeterBinder, AutoCloseable {

    private final LongAdder accepted = new LongAdder();
    private final LongAdder lateAccepted = new LongAdder();
    private final LongAdder stepsFilled = new LongAdder();
    private final LongAdder readingsAggregated = new LongAdder();
    private final LongAdder seriesRestarted = new LongAdder();
    private final LongAdder seriesExpired = new LongAdder();
    private final LongAdder baseClipped = new LongAdder();
    private final BoundedCounts deadLetters = new BoundedCounts(BoundedCounts.MAX_KEYS);

    /** Guarded by this: binding, lazy registration and close must not interleave. */
    private final TaggedMeters meters;

    IngestMetrics(Tags topologyTags) {
        this.meters = new TaggedMeters(topologyTags);
    }

    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        if (!meters.bind(registry)) {
            return;
        }
        meters.functionCounter(
                OBSERVATIONS_ACCEPTED,
                "Observations that passed validation and moved their series on",
                accepted,
                Tags.empty());
        meters.functionCounter(
                OBSERVATIONS_LATE,
                "Late observations taken within lateness.grace into a filled-in step",
                lateAccepted,
                Tags.empty());
        meters.functionCounter(
                STEPS_FILLED, "Missing steps filled with the base's forecast", stepsFilled, Tags.empty());
        meters.functionCounter(
                READINGS_AGGREGATED,
                "Readings taken into their step's value (aggregate), each step's first among them",
                readingsAggregated,
                Tags.empty());
        meters.functionCounter(
                SERIES_RESTARTED, "Series restarted after a gap too long to fill", seriesRestarted, Tags.empty());
        meters.functionCounter(
                SERIES_EXPIRED,
                "Series dropped from the stores after a silence longer than gaps.maxFill (gaps.expireSilent)",
                seriesExpired,
                Tags.empty());
        meters.functionCounter(
                BASE_CLIPPED,
                "Observations a robust base (base.robust) took as k standard deviations of its one-step errors",
                baseClipped,
                Tags.empty());
        deadLetters.forEach((reason, count) -> registerDeadLetters(reason));
    }

    /** One observation passed validation. */
    public void observationAccepted() {
        accepted.increment();
    }

    /** One late observation replaced the value filled in for its step ({@code lateness.grace}). */
    public void lateObservationAccepted() {
        lateAccepted.increment();
    }

    /** One missing step of a series was filled with the base's forecast. */
    public void stepFilled() {
        stepsFilled.increment();
    }

    /** One reading was taken into its step's value ({@code aggregate}). */
    public void readingAggregated() {
        readingsAggregated.increment();
    }

    /** A robust base took an observation as k standard deviations of its errors ({@code base.robust}): a likely fault. */
    public void baseClipped() {
        baseClipped.increment();
    }

    /** A series was restarted after a gap too long to fill. */
    public void seriesRestarted() {
        seriesRestarted.increment();
    }

    /** A series silent longer than the grid bridges was dropped from the stores. */
    public void seriesExpired() {
        seriesExpired.increment();
    }

    /** One record went to the dead-letter topic; {@code reason} is its bounded code, e.g. {@code NOT_JSON}. */
    public void deadLetter(String reason) {
        deadLetters.increment(reason, this::registerDeadLetters);
    }

    private synchronized void registerDeadLetters(String reason) {
        if (meters.bound()) {
            meters.functionCounter(
                    DEAD_LETTERS,
                    "Records sent to the dead-letter topic, by reason code",
                    deadLetters.count(reason),
                    Tags.of(TAG_REASON, reason));
        }
    }

    @Override
    public synchronized void close() {
        meters.close();
    }
}
