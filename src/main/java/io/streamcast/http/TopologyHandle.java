package io.streamcast.http;

import org.apache.kafka.streams.KafkaStreams;

/**
 * One running topology as the HTTP API sees it.
 *
 * @param thisEndpoint host:port of this instance's HTTP API, the same value as the topology's
 *     {@code application.server}: a key whose active host is this endpoint is read locally, any
 *     other is forwarded to its owner
 */
public record TopologyHandle(String name, String cell, KafkaStreams streams, String thisEndpoint) {}
