package io.streamcast.http;

import java.util.List;
import java.util.Map;

/** What the running service shows the HTTP API: its health and its topologies. Implemented by the run and demo commands. */
public interface ServiceView {
    /** Why {@code /forecasts} and {@code /models} answer 503 before {@link #started}; also what a command is refused with then. */
    String STARTING = "the service is still starting; try again in a few seconds";

    /**
     * Whether every topology has been created. HTTP answers from the first moment, before that:
     * until then the stores cannot be asked, and an empty answer would read as "no such topology".
     */
    default boolean started() {
        return true;
    }

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
