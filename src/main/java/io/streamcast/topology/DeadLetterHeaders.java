package io.streamcast.topology;

import io.streamcast.config.TopologySpec;
import io.streamcast.ingest.ParseResult;
import io.streamcast.ingest.Rejection;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The headers a dead letter leaves with: those the record came with, its input position
 * ({@link Rejection#SOURCE_HEADER}), the reason and the rejecting topology. Each replaces one the
 * record already carries (a dead letter fed back in): what counts is where and why this topology
 * refused it. Built only for dead letters: accepted records pass on with their headers untouched.
 */
final class DeadLetterHeaders {
    private DeadLetterHeaders() {}

    /**
     * @param source the {@link Rejection#SOURCE_HEADER} value; null to keep the one {@code carried}
     *     holds (a repartitioned record written before the position travelled in its value)
     */
    static RecordHeaders of(Headers carried, Rejection rejection, String topology, String source) {
        RecordHeaders headers = new RecordHeaders(carried.toArray());
        if (source != null) {
            replace(headers, Rejection.SOURCE_HEADER, source);
        }
        replace(headers, Rejection.ERROR_HEADER, rejection.reason().name());
        replace(headers, Rejection.DETAIL_HEADER, rejection.detail());
        replace(headers, Rejection.TOPOLOGY_HEADER, topology);
        return headers;
    }

    /**
     * The headers of an observation accepted at ingest and refused after it (by the aggregation or
     * the forecasting): its input position travels in its value.
     */
    static RecordHeaders ofAccepted(
            Record<String, ParseResult.Accepted> record, Rejection rejection, TopologySpec spec) {
        ParseResult.Accepted accepted = record.value();
        String source = accepted.inputPositionKnown()
                ? Rejection.source(spec.input, accepted.inputPartition(), accepted.inputOffset())
                : null;
        return of(record.headers(), rejection, spec.name, source);
    }

    private static void replace(RecordHeaders headers, String key, String value) {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
