package io.streamcast.topology;

import io.streamcast.ingest.ObservationParser;
import io.streamcast.ingest.ParseResult;
import io.streamcast.ingest.Rejection;
import io.streamcast.metrics.TopologyMetrics;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * First step of every topology: parses and validates each raw record. Accepted observations go on
 * keyed by series id; rejected records go on with their reason in the dead-letter headers.
 * Never throws for bad input: a poison record must not stop the stream.
 */
final class IngestProcessor implements Processor<byte[], byte[], String, ParseResult> {
    private final ObservationParser parser;
    private final TopologyMetrics metrics;
    private ProcessorContext<String, ParseResult> context;

    IngestProcessor(ObservationParser parser, TopologyMetrics metrics) {
        this.parser = parser;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, ParseResult> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        ParseResult result = parser.parse(record.key(), record.value());
        if (result instanceof ParseResult.Accepted accepted) {
            context.forward(new Record<>(accepted.observation().series(), result, record.timestamp(), record.headers()));
        } else {
            Rejection rejection = ((ParseResult.Rejected) result).rejection();
            metrics.deadLetter(rejection.reason().name());
            context.forward(new Record<>((String) null, result, record.timestamp(), withReason(record, rejection)));
        }
    }

    static RecordHeaders withReason(Record<?, ?> record, Rejection rejection) {
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        headers.remove(Rejection.ERROR_HEADER);
        headers.remove(Rejection.DETAIL_HEADER);
        headers.add(Rejection.ERROR_HEADER, rejection.reason().name().getBytes(StandardCharsets.UTF_8));
        headers.add(Rejection.DETAIL_HEADER, rejection.detail().getBytes(StandardCharsets.UTF_8));
        return headers;
    }
}
