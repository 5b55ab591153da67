package io.streamcast.topology;

import io.streamcast.ingest.Rejection;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

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

    private static void replace(RecordHeaders headers, String key, String value) {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
