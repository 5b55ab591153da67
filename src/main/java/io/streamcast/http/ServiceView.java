package io.streamcast.http;

import java.util.List;
import java.util.Map;

/** What the running service shows the HTTP API: its health and its topologies. Implemented by the run and demo commands. */
public interface ServiceView {
    /** {@code GET /health} answers 200 while this is true, else 503: alive and able to work (starting or rebalancing counts). */
    boolean live();

    /** {@code GET /ready} answers 200 only while this is true: the broker answers and every KafkaStreams instance is RUNNING. */
    boolean ready();

    /** Why the service is not ready, one line each, shown by {@code /health} and {@code /ready}; empty when ready. */
    default List<String> problems() {
        return List.of();
    }

    /** The Kafka cluster as last probed (reachable, last contact, error), shown by {@code /health} and {@code /ready}; null if unknown. */
    default Map<String, Object> broker() {
        return null;
    }

    /** Topology name -> KafkaStreams state name, shown by {@code /health} and {@code /ready}. */
    Map<String, String> states();

    /** The topologies whose stores {@code /forecasts} and {@code /models} query. */
    List<TopologyHandle> topologies();
}
