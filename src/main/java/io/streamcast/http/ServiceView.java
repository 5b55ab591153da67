package io.streamcast.http;

import java.util.List;
import java.util.Map;

/** What the running service shows the HTTP API: its health and its topologies. Implemented by the run and demo commands. */
public interface ServiceView {
    /** {@code GET /health} answers 200 while this is true, else 503. */
    boolean live();

    /** {@code GET /ready} answers 200 only while this is true: every KafkaStreams instance is RUNNING. */
    boolean ready();

    /** Topology name -> KafkaStreams state name, shown by {@code /health} and {@code /ready}. */
    Map<String, String> states();

    /** The topologies whose stores {@code /forecasts} and {@code /models} query. */
    List<TopologyHandle> topologies();
}
