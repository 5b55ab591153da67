package io.streamcast.topology;

import io.streamcast.ingest.Observation;
import io.streamcast.ingest.ObservationParser;
import io.streamcast.ingest.ParseResult;
import io.streamcast.ingest.RejectReason;
import io.streamcast.ingest.Rejection;
import io.streamcast.metrics.TopologyMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * First step of every topology: parses and validates each raw record. Accepted observations go on
 * keyed by series id; rejected records go on with their reason in the dead-letter headers.
 * Never throws for bad input: a poison record must not stop the stream.
 *
 * <p>Here, before any series state, an observation dated further ahead of the service's clock
 * than the allowed skew is refused: the series state accepts only increasing timestamps, so once
 * in, a date in 2999 would turn every correct observation after it into TOO_OLD.
 *
 * <p>Every record leaves here stamped with where it was read ({@link Rejection#SOURCE_HEADER}):
 * the forecast step reads it from the repartition topic, whose offsets mean nothing to a user, so
 * a record it dead-letters must bring its input position along.
 */
final class IngestProcessor implements Processor<byte[], byte[], String, ParseResult> {
    private final ObservationParser parser;
    private final TopologyMetrics metrics;
    private final Duration maxFutureSkew;
    private final String topology;
    /** Null unless the topology is {@code partitionedBySeries}: then each record must already sit where its series belongs. */
    private final SeriesPartitioning partitioning;
    private ProcessorContext<String, ParseResult> context;

    IngestProcessor(String topology, ObservationParser parser, Duration maxFutureSkew, TopologyMetrics metrics) {
        this(topology, parser, maxFutureSkew, metrics, null);
    }

    IngestProcessor(String topology, ObservationParser parser, Duration maxFutureSkew, TopologyMetrics metrics,
            SeriesPartitioning partitioning) {
        this.topology = topology;
        this.parser = parser;
        this.maxFutureSkew = maxFutureSkew;
        this.metrics = metrics;
        this.partitioning = partitioning;
    }

    @Override
    public void init(ProcessorContext<String, ParseResult> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        record = record.withHeaders(withSource(record));
        ParseResult result = parser.parse(record.key(), record.value());
        if (result instanceof ParseResult.Accepted accepted) {
            result = refuseFarFuture(record, accepted);
        }
        if (partitioning != null && result instanceof ParseResult.Accepted accepted) {
            int partition = context.recordMetadata().map(m -> m.partition()).orElse(-1);
            Rejection misplaced = partitioning.check(record.key(), record.value(), accepted.observation().series(), partition);
            if (misplaced != null) {
                result = new ParseResult.Rejected(misplaced);
            }
        }
        if (result instanceof ParseResult.Accepted accepted) {
            context.forward(new Record<>(accepted.observation().series(), result, record.timestamp(), record.headers()));
        } else {
            Rejection rejection = ((ParseResult.Rejected) result).rejection();
            metrics.deadLetter(rejection.reason().name());
            context.forward(new Record<>((String) null, result, record.timestamp(), withReason(record, rejection, topology)));
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
        return new ParseResult.Rejected(new Rejection(record.key(), record.value(), RejectReason.FUTURE_TS,
                "ts " + obs.ts() + " is more than validation.maxFutureSkew " + maxFutureSkew + " ahead of the service clock " + now));
    }

    /**
     * The record's headers plus its input position. One a record already carries (a dead letter fed
     * back in) is replaced: the position that matters is where this topology read it.
     */
    private RecordHeaders withSource(Record<byte[], byte[]> record) {
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        headers.remove(Rejection.SOURCE_HEADER);
        context.recordMetadata().ifPresent(m -> headers.add(Rejection.SOURCE_HEADER,
                Rejection.source(m.topic(), m.partition(), m.offset()).getBytes(StandardCharsets.UTF_8)));
        return headers;
    }

    /** The record's headers (its source included) with the reason and the rejecting topology, replacing any earlier ones. */
    static RecordHeaders withReason(Record<?, ?> record, Rejection rejection, String topology) {
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        headers.remove(Rejection.ERROR_HEADER);
        headers.remove(Rejection.DETAIL_HEADER);
        headers.remove(Rejection.TOPOLOGY_HEADER);
        headers.add(Rejection.ERROR_HEADER, rejection.reason().name().getBytes(StandardCharsets.UTF_8));
        headers.add(Rejection.DETAIL_HEADER, rejection.detail().getBytes(StandardCharsets.UTF_8));
        headers.add(Rejection.TOPOLOGY_HEADER, topology.getBytes(StandardCharsets.UTF_8));
        return headers;
    }
}
