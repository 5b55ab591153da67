package io.streamcast.topology;

import io.streamcast.ingest.Observation;
import io.streamcast.ingest.ObservationParser;
import io.streamcast.ingest.ParseResult;
import io.streamcast.ingest.RejectReason;
import io.streamcast.ingest.Rejection;
import io.streamcast.metrics.IngestMetrics;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * First step of every topology: parses and validates each raw record. Accepted observations go on
 * keyed by series id; rejected records go on with their reason in the dead-letter headers.
 * Never throws for bad input: a poison record must not stop the stream.
 *
 * <p>Here, before any series state, an observation dated further ahead of the service's clock
 * than the allowed skew is refused: the series state accepts only increasing timestamps, so once
 * in, a date in 2999 would turn every correct observation after it into TOO_OLD.
 *
 * <p>A dead letter names where it was read ({@link Rejection#SOURCE_HEADER}). One refused here
 * gets the header at once. An accepted observation carries its input partition and offset in its
 * value instead ({@link ParseResult.Accepted#readAt}: 12 bytes on the repartition topic, no header
 * copied per record): the forecast step reads it from the repartition topic, whose offsets mean
 * nothing to a user, and builds the header only for the few it dead-letters.
 */
final class IngestProcessor implements Processor<byte[], byte[], String, ParseResult> {
    private final ObservationParser parser;
    private final IngestMetrics metrics;
    private final Duration maxFutureSkew;
    private final String topology;
    /** Null unless the topology is {@code partitionedBySeries}: then each record must already sit where its series belongs. */
    private final SeriesPartitioning partitioning;

    /** Commits soon after live records: a record moved to its series' partition is read back only once committed. */
    private final LiveCommits liveCommits;

    private LiveCommits.Tracker live;

    private ProcessorContext<String, ParseResult> context;

    IngestProcessor(
            String topology,
            ObservationParser parser,
            Duration maxFutureSkew,
            IngestMetrics metrics,
            SeriesPartitioning partitioning,
            LiveCommits liveCommits) {
        this.topology = topology;
        this.liveCommits = liveCommits;
        this.parser = parser;
        this.maxFutureSkew = maxFutureSkew;
        this.metrics = metrics;
        this.partitioning = partitioning;
    }

    @Override
    public void init(ProcessorContext<String, ParseResult> context) {
        this.context = context;
        live = liveCommits.tracker(context, true);
    }

    @Override
    public void close() {
        if (live != null) {
            live.close();
        }
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        live.processed(record.timestamp());
        RecordMetadata read = context.recordMetadata().orElse(null);
        ParseResult result = parser.parse(record.key(), record.value());
        if (result instanceof ParseResult.Accepted accepted) {
            result = refuseFarFuture(record, accepted);
        }
        if (partitioning != null && result instanceof ParseResult.Accepted accepted) {
            int partition = read == null ? -1 : read.partition();
            Rejection misplaced = partitioning.check(
                    record.key(), record.value(), accepted.observation().series(), partition);
            if (misplaced != null) {
                result = new ParseResult.Rejected(misplaced);
            }
        }
        if (result instanceof ParseResult.Accepted accepted) {
            ParseResult.Accepted placed = read == null ? accepted : accepted.readAt(read.partition(), read.offset());
            context.forward(
                    new Record<>(accepted.observation().series(), placed, record.timestamp(), record.headers()));
        } else {
            Rejection rejection = ((ParseResult.Rejected) result).rejection();
            metrics.deadLetter(rejection.reason().name());
            String source = read == null ? null : Rejection.source(read.topic(), read.partition(), read.offset());
            context.forward(new Record<>(
                    (String) null,
                    result,
                    record.timestamp(),
                    DeadLetterHeaders.of(record.headers(), rejection, topology, source)));
        }
    }

    private ParseResult refuseFarFuture(Record<byte[], byte[]> record, ParseResult.Accepted accepted) {
        Observation obs = accepted.observation();
        // The processing clock (mockable in tests), not the record's timestamp: a producer with a
        // bad clock stamps its records with the same wrong time.
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        Instant latest = now.plus(maxFutureSkew);
        if (!obs.ts().isAfter(latest)) {
            return accepted;
        }
        return new ParseResult.Rejected(new Rejection(
                record.key(),
                record.value(),
                RejectReason.FUTURE_TS,
                "ts " + obs.ts() + " is more than validation.maxFutureSkew " + maxFutureSkew
                        + " ahead of the service clock " + now));
    }
}
