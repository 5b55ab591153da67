package io.streamcast.topology;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamcast.config.TopologySpec;
import io.streamcast.emit.Step;
import io.streamcast.emit.StepGrid;
import io.streamcast.ingest.Observation;
import io.streamcast.ingest.ParseResult;
import io.streamcast.ingest.RejectReason;
import io.streamcast.ingest.Rejection;
import io.streamcast.metrics.IngestMetrics;
import io.streamcast.series.Aggregation;
import io.streamcast.series.OpenStep;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Makes one observation per step of readings faster than the step ({@code aggregate}): a sensor
 * read every minute into an hourly topology, trades into hourly volumes. Without it every reading
 * after a step's first was dead-lettered DUPLICATE_TS: 59 of 60 minute readings, and the hour's
 * value was whatever its first minute read.
 *
 * <p>Each series' newest step stays open in the {@link StoreNames#OPEN_STEPS} store, taking every
 * reading that falls in it ({@link Step#stepContaining}: from the step's start, inclusive, to the
 * next's), in any order. The series' first reading of a later step closes it: the step's value
 * ({@link Aggregation}) and the mean of each feature go on to the forecasting as one observation
 * stamped at the step's start, carried by the closing record (its timestamp and headers), and the
 * step's forecast follows. So a step is forecast when the next one begins, as a tumbling window
 * is emitted once it is known to be complete; a series that stops sending leaves its last step
 * open until it sends again. A straggler of the step just closed is dead-lettered DUPLICATE_TS
 * with what closed it; a reading of an earlier step goes on stamped at its step's start, for the
 * late-data policy to judge ({@code lateness.grace}: only a step filled in for want of readings
 * takes one). Readings on skipped days or outside the hours go on untouched, to be refused there.
 * With {@code emptySteps: zero} (the default for {@code count}) the steps without readings between
 * the closed step and the new one go on as zeros, each a forecast origin: an hour without orders
 * had none, and filled in by the base it would be neither scored nor trained on.
 *
 * <p>The open step lives in the same task as the series' state, so under exactly once a reading
 * is in exactly one of them after any crash. Series gone silent are dropped from the store as from
 * the series store ({@link SilentSeries}).
 */
final class StepAggregator implements Processor<String, ParseResult.Accepted, String, ParseResult> {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** As often as the forecasting's sweep: a slice of the store every ten seconds. */
    private static final long SWEEP_EVERY_MS = 10_000;
    /** How often ({@code closeAfter}) the task's newest reading is checked against the steps due to close: cheap until one is due. */
    private static final long CLOSE_CHECK_MS = 200;

    private final TopologySpec spec;
    private final Step step;
    private final StepGrid grid;
    private final Aggregation aggregation;
    /** {@code emptySteps: zero}: a step without readings between two with some is a zero, not missing. */
    private final boolean zeros;
    /** {@code stamps: end}: a reading's ts ends the interval it describes. */
    private final boolean stampedAtEnd;

    /** {@code closeAfter}: how far past a step's end the task's newest reading closes it; null: only its series' next reading does. */
    private final Duration closeAfter;

    private final IngestMetrics metrics;

    private ProcessorContext<String, ParseResult> context;
    private KeyValueStore<String, OpenStep> open;
    private SilentSeries silent;
    private Cancellable sweeper;
    private Cancellable closer;
    /** The newest reading of any series of the task (epoch millis): its stream time, by the readings' own clock. */
    private long taskNewest = Long.MIN_VALUE;
    /** The task's newest reading at which some open step is due to close ({@code closeAfter}), as last found. */
    private long nextDue = Long.MAX_VALUE;

    StepAggregator(TopologySpec spec, IngestMetrics metrics) {
        this.spec = spec;
        this.step = spec.stepValue();
        this.grid = spec.stepGrid();
        this.aggregation = spec.aggregationValue();
        this.zeros = spec.emptyStepsAreZero();
        this.stampedAtEnd = spec.stampedAtEnd();
        this.closeAfter = spec.closeAfterValue();
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, ParseResult> context) {
        this.context = context;
        this.open = context.getStateStore(StoreNames.OPEN_STEPS);
        if (spec.gaps.expireSilent) {
            silent = new SilentSeries(grid);
            sweeper = context.schedule(
                    Duration.ofMillis(SWEEP_EVERY_MS),
                    PunctuationType.WALL_CLOCK_TIME,
                    now -> silent.sweep(open, OpenStep::startMillis, now, open::delete));
        }
        if (closeAfter != null) {
            closer = context.schedule(
                    Duration.ofMillis(CLOSE_CHECK_MS), PunctuationType.WALL_CLOCK_TIME, now -> closeDueSteps(now));
        }
    }

    @Override
    public void process(Record<String, ParseResult.Accepted> record) {
        Observation reading = record.value().observation();
        if (step.skips(reading.ts())) {
            // No step there: the forecasting dead-letters it (SKIPPED_DAY, OUTSIDE_HOURS).
            context.forward(record);
            return;
        }
        String series = record.key();
        long start;
        long due;
        try {
            start = step.stepContaining(reading.ts(), stampedAtEnd).toEpochMilli();
            due = closeAfter == null ? Long.MAX_VALUE : dueAt(start);
        } catch (ArithmeticException | DateTimeException e) {
            // A clock at the ends of epoch milliseconds (reset and counted back, a sign bit flipped).
            deadLetter(
                    record,
                    RejectReason.BAD_TS,
                    "ts " + reading.ts() + " lies where the steps of " + step + " cannot be counted");
            return;
        }
        taskNewest = Math.max(taskNewest, reading.ts().toEpochMilli());
        OpenStep current = open.get(series);
        if (current == null) {
            current = new OpenStep(start);
        } else if (start > current.startMillis()) {
            if (current.count() > 0) {
                close(series, current, record);
            }
            // From the newest step sent on: the open one, or before a step closed by time without readings.
            long sent = current.count() > 0 ? current.startMillis() : current.closedStartMillis();
            if (aggregation == Aggregation.INCREASE) {
                forwardRiseShares(series, current, sent, start, record);
            } else if (zeros) {
                forwardEmptySteps(series, sent, start, record);
            }
            current = new OpenStep(start, current);
        } else if (start < current.startMillis()) {
            late(record, current, start);
            return;
        }
        current.add(reading.ts().toEpochMilli(), reading.value(), reading.features());
        open.put(series, current);
        metrics.readingAggregated();
        if (silent != null) {
            silent.observed(start);
        }
        // The open step is the reading's, whichever branch above it took.
        nextDue = Math.min(nextDue, due);
    }

    /** The task's newest reading at which {@code s} closes by time ({@code closeAfter} past its end). */
    private long dueAt(OpenStep s) {
        return dueAt(s.startMillis());
    }

    private long dueAt(long startMillis) {
        return Math.addExact(step.after(Instant.ofEpochMilli(startMillis), 1).toEpochMilli(), closeAfter.toMillis());
    }

    /**
     * {@code closeAfter}: once the task's newest reading has passed a step's end by that much, the
     * step is closed as its series' next reading would close it, and with {@code emptySteps: zero}
     * each step after it that passes so without a reading is sent on as a zero (up to {@code
     * gaps.maxFill} of them after the series' last reading: a series gone for good is not counted
     * on forever). A step closed so without readings stays in the store as the series' open step,
     * to take the readings still to come. Walks the store only when some step is due.
     */
    private void closeDueSteps(long now) {
        if (taskNewest < nextDue) {
            return;
        }
        long next = Long.MAX_VALUE;
        List<KeyValue<String, OpenStep>> moved = new ArrayList<>();
        try (KeyValueIterator<String, OpenStep> it = open.all()) {
            while (it.hasNext()) {
                KeyValue<String, OpenStep> kv = it.next();
                OpenStep s = kv.value;
                while (s != null && dueAt(s) <= taskNewest) {
                    OpenStep after = closeByTime(kv.key, s, now);
                    if (after == null) {
                        break;
                    }
                    s = after;
                }
                if (s != kv.value) {
                    moved.add(KeyValue.pair(kv.key, s));
                }
                if (s.count() > 0 || zeros && !countedOnTooLong(s)) {
                    next = Math.min(next, dueAt(s));
                }
            }
        }
        moved.forEach(kv -> open.put(kv.key, kv.value));
        nextDue = next;
    }

    /**
     * Closes {@code s} by time and returns the series' step after it, or null when nothing more
     * is to be sent for the series by time (a step without readings, and no zeros to send).
     */
    private OpenStep closeByTime(String series, OpenStep s, long now) {
        Instant start = Instant.ofEpochMilli(s.startMillis());
        Record<String, ParseResult.Accepted> carrier = new Record<>(series, null, now);
        long next = step.after(start, 1).toEpochMilli();
        if (s.count() > 0) {
            // No reading of the series closes it: a counter's rise ends at the step's last reading,
            // and the next step counts the rest of it.
            forwardClosed(series, s, s.lastTsMillis(), 0, carrier);
            return OpenStep.afterClosedByTime(next, s);
        } else if (zeros && !countedOnTooLong(s)) {
            forwardStep(series, start, 0, Map.of(), 0, carrier);
        } else {
            return null;
        }
        return new OpenStep(next, s);
    }

    /** Whether {@code s}, a step without readings, lies more than {@code gaps.maxFill} steps after its series' last reading. */
    private boolean countedOnTooLong(OpenStep s) {
        return grid.restarts(grid.stepsAfter(
                step.stepContaining(Instant.ofEpochMilli(s.baselineTsMillis()), stampedAtEnd),
                Instant.ofEpochMilli(s.startMillis())));
    }

    /** Sends the step's value on as one observation, carried by {@code closing}, the series' first reading of a later step. */
    private void close(String series, OpenStep closed, Record<String, ParseResult.Accepted> closing) {
        Observation next = closing.value().observation();
        forwardClosed(series, closed, next.ts().toEpochMilli(), next.value(), closing);
    }

    /** Sends {@code closed}'s value on, the series' reading after it {@code nextValue} at {@code nextTsMillis}, carried by {@code carrier}. */
    private void forwardClosed(
            String series,
            OpenStep closed,
            long nextTsMillis,
            double nextValue,
            Record<String, ParseResult.Accepted> carrier) {
        Instant start = Instant.ofEpochMilli(closed.startMillis());
        forwardStep(
                series,
                start,
                closed.valueClosedBy(aggregation, step.after(start, 1).toEpochMilli(), nextTsMillis, nextValue),
                closed.featureMeans(),
                closed.count(),
                carrier);
    }

    /**
     * With {@code emptySteps: zero}: a zero for each step between the one just closed and the
     * series' new one, starting at {@code nextMillis}, as for an hour without orders, unless they
     * are more than the grid fills (the series then restarts at the new step, as after any long gap).
     */
    private void forwardEmptySteps(
            String series, long closedMillis, long nextMillis, Record<String, ParseResult.Accepted> closing) {
        Instant closed = Instant.ofEpochMilli(closedMillis);
        int steps = grid.stepsAfter(closed, Instant.ofEpochMilli(nextMillis));
        if (grid.restarts(steps)) {
            return;
        }
        for (int k = 1; k < steps; k++) {
            forwardStep(series, step.after(closed, k), 0, Map.of(), 0, closing);
        }
    }

    /**
     * With {@code aggregate: increase}: each step without readings between the newest sent, at
     * {@code sentMillis}, and the reading's own, at {@code nextMillis}, takes its share of the
     * counter's rise from the last reading before them (kept by {@code before}) to this one, unless
     * they are more than the grid fills.
     */
    private void forwardRiseShares(
            String series,
            OpenStep before,
            long sentMillis,
            long nextMillis,
            Record<String, ParseResult.Accepted> closing) {
        Instant sent = Instant.ofEpochMilli(sentMillis);
        int steps = grid.stepsAfter(sent, Instant.ofEpochMilli(nextMillis));
        if (grid.restarts(steps)) {
            return;
        }
        Observation next = closing.value().observation();
        before.riseSharesAfter(sent, steps, t -> step.after(t, 1), next.ts().toEpochMilli(), next.value())
                .forEach((from, share) -> forwardStep(series, from, share, Map.of(), 0, closing));
    }

    private void forwardStep(
            String series,
            Instant start,
            double value,
            Map<String, Double> features,
            int readings,
            Record<String, ParseResult.Accepted> closing) {
        Observation stepValue = new Observation(series, start, value, features);
        ObjectNode json = JSON.createObjectNode()
                .put("series", series)
                .put("ts", start.toString())
                .put("value", value)
                .put("aggregate", aggregation.toString())
                .put("readings", readings);
        if (!features.isEmpty()) {
            ObjectNode featureNode = json.putObject("features");
            features.forEach(featureNode::put);
        }
        // What a dead letter of the step's value would carry: no single input record is it.
        byte[] raw = json.toString().getBytes(StandardCharsets.UTF_8);
        byte[] key = series.getBytes(StandardCharsets.UTF_8);
        context.forward(closing.withValue(new ParseResult.Accepted(stepValue, key, raw)));
    }

    /** A reading of a step before the open one. */
    private void late(Record<String, ParseResult.Accepted> record, OpenStep current, long start) {
        ParseResult.Accepted accepted = record.value();
        Observation reading = accepted.observation();
        if (start == current.closedStartMillis()) {
            deadLetter(
                    record,
                    RejectReason.DUPLICATE_TS,
                    "ts " + reading.ts() + " falls in the step of " + Instant.ofEpochMilli(start)
                            + ", whose readings were aggregated (aggregate " + aggregation + ") and closed when "
                            + (closeAfter == null
                                    ? "the series' first reading of the step of "
                                            + Instant.ofEpochMilli(current.startMillis()) + " arrived"
                                    : "the series read a later step or the task's readings passed its end by"
                                            + " closeAfter " + spec.closeAfter.strip()));
            return;
        }
        Observation atStep =
                new Observation(reading.series(), Instant.ofEpochMilli(start), reading.value(), reading.features());
        context.forward(record.withValue(new ParseResult.Accepted(
                atStep, accepted.rawKey(), accepted.rawValue(), accepted.inputPartition(), accepted.inputOffset())));
    }

    /** The record as it came, to the dead-letter topic with {@code reason} and {@code detail}. */
    private void deadLetter(Record<String, ParseResult.Accepted> record, RejectReason reason, String detail) {
        Rejection rejection =
                new Rejection(record.value().rawKey(), record.value().rawValue(), reason, detail);
        metrics.deadLetter(reason.name());
        context.forward(new Record<String, ParseResult>(
                null,
                new ParseResult.Rejected(rejection),
                record.timestamp(),
                DeadLetterHeaders.ofAccepted(record, rejection, spec)));
    }

    @Override
    public void close() {
        if (sweeper != null) {
            sweeper.cancel();
        }
        if (closer != null) {
            closer.cancel();
        }
    }
}
