package io.streamcast.topology;

import java.time.Duration;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * Commits often while observations arrive live and seldom while a backlog drains. Under exactly
 * once a forecast is readable only when its transaction commits, so a live reader wants commits
 * every {@code batching.liveCommitMs}; but every commit ends a transaction and empties the stores'
 * caches, so a backlog drained with commits that often writes each series record to its changelog
 * once per observation. Kafka Streams commits every {@code commit.interval.ms} (1 s by default here);
 * the processors ask for a commit in between when they have processed a live record since they last
 * asked: one produced less than {@link #LIVE_WITHIN_INTERVALS} intervals (at least
 * {@link #MIN_LIVE_WITHIN_MS} ms) before it was processed, by the record's timestamp.
 *
 * <p>A requested commit commits every task of the stream thread, so the requests are paced per
 * thread, not per task: at most one every {@code liveCommitMs} (a task whose request was held back
 * keeps asking). Where the application's own {@code commit.interval.ms} is no longer than the pace,
 * nothing asks. Measured (bench, 10,000 series, GRU 32, online, 2026-12-03): the backlog drained at
 * 27,500-31,700 network forecasts/s with 255-270 changelog bytes per observation, against
 * 17,000-20,600 and 894-972 with commits every 100 ms, and at 10,000 live observations/s the
 * latency was that of 100 ms commits once the requests came as often as those commits do (about 7
 * a second; see {@code batching.liveCommitMs}). A producer whose clock runs behind by more than the
 * live bound makes every record look old: its forecasts then wait for the slower commit interval,
 * no longer; so does a task that falls more than that bound behind, which then drains faster.
 *
 * <p>One per topology instance, shared by its processors ({@link #tracker}); the pace is kept per
 * stream thread.
 */
final class LiveCommits {
    /** A record younger than this many commit intervals counts as live. */
    static final int LIVE_WITHIN_INTERVALS = 10;
    /** ... and younger than this always: a record waits for the upstream commit before the forecast step reads it. */
    static final long MIN_LIVE_WITHIN_MS = 1000;

    private final long intervalMs;
    private final long liveWithinMs;
    /** When this stream thread last asked for a commit. */
    private final ThreadLocal<long[]> lastRequestMs = ThreadLocal.withInitial(() -> new long[] {Long.MIN_VALUE / 2});

    /** @param intervalMs how often to ask for a commit while records are live; 0 never asks */
    LiveCommits(long intervalMs) {
        this.intervalMs = intervalMs;
        this.liveWithinMs = Math.max(MIN_LIVE_WITHIN_MS, LIVE_WITHIN_INTERVALS * intervalMs);
    }

    /**
     * A processor's tracker. {@code ownPunctuation}: for a processor that emits as it processes, it
     * checks on a punctuation of its own, every half interval. Otherwise the processor holds records
     * back and emits them on a punctuation of its own (the forecast step's batches) and calls
     * {@link Tracker#maybeCommit} there, after emitting, so the commit asked for carries them.
     */
    Tracker tracker(ProcessorContext<?, ?> context, boolean ownPunctuation) {
        return new Tracker(context, ownPunctuation);
    }

    final class Tracker {
        private final ProcessorContext<?, ?> context;
        private final Cancellable punctuator;
        /** False where Kafka Streams itself commits at least this often: a request would only add commits. */
        private final boolean asks;

        private boolean liveSinceRequest;

        private Tracker(ProcessorContext<?, ?> context, boolean ownPunctuation) {
            this.context = context;
            this.asks = intervalMs > 0 && commitIntervalMs(context) > intervalMs;
            this.punctuator = ownPunctuation && asks
                    ? context.schedule(
                            Duration.ofMillis(Math.max(1, intervalMs / 2)),
                            PunctuationType.WALL_CLOCK_TIME,
                            this::maybeCommit)
                    : null;
        }

        /** Notes a processed record by its Kafka timestamp (the producer's clock, or the broker's at append). */
        void processed(long recordTimestampMs) {
            if (asks && context.currentSystemTimeMs() - recordTimestampMs <= liveWithinMs) {
                liveSinceRequest = true;
            }
        }

        /**
         * Asks for a commit if a live record was processed since this processor last asked and an
         * interval has passed since this thread last asked. Each task's processors check on
         * punctuations of their own at half an interval or less, at offsets of their own, so a
         * request comes within moments of the interval; a laxer check (three quarters of one) gave
         * 13 commits a second at a 100 ms pace, the strict one 10, where Kafka Streams' own 100 ms
         * interval commits about 7 times, and the extra commits' waits lengthened the live tail
         * (bench, 10,000 series at 10,000 observations/s; hence the 150 ms default).
         */
        void maybeCommit(long nowMs) {
            long[] last = lastRequestMs.get();
            if (liveSinceRequest && nowMs - last[0] >= intervalMs) {
                liveSinceRequest = false;
                last[0] = nowMs;
                context.commit();
            }
        }

        /** Whether this tracker asks for commits at all. */
        boolean asks() {
            return asks;
        }

        void close() {
            if (punctuator != null) {
                punctuator.cancel();
            }
        }
    }

    /**
     * The application's {@code commit.interval.ms} as Kafka Streams applies it (its values include
     * the defaults: 100 ms under exactly once unless set); unknown counts as longer than any pace.
     */
    private static long commitIntervalMs(ProcessorContext<?, ?> context) {
        Object value = context.appConfigs().get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG);
        if (value instanceof Number n) {
            return n.longValue();
        }
        if (value instanceof String text) {
            try {
                return Long.parseLong(text.trim());
            } catch (NumberFormatException e) {
                return Long.MAX_VALUE;
            }
        }
        return Long.MAX_VALUE;
    }
}
