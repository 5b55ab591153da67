package io.streamcast.http;

import io.streamcast.emit.Step;
import io.streamcast.emit.ValueRange;
import org.apache.kafka.streams.KafkaStreams;

/**
 * One running topology as the HTTP API sees it.
 *
 * @param step the topology's step: a forecast's target timestamps are read back with it
 * @param range the topology's {@code values}: a forecast's bounds are read back inside it
 * @param thisEndpoint host:port of this instance's HTTP API, the same value as the topology's
 *     {@code application.server}: a key whose active host is this endpoint is read locally, any
 *     other is forwarded to its owner
 */
public record TopologyHandle(
        String name, String cell, Step step, ValueRange range, KafkaStreams streams, String thisEndpoint) {}
