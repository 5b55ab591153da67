package io.streamcast.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Whether the service does its job, read by the HTTP and scrape threads: the broker as last probed
 * and the state of every running topology, with the reason a topology stopped for good.
 */
final class ServiceHealth {
    private final String bootstrapServers;
    private final Supplier<BrokerProbe> probe;
    private final Supplier<List<RunningTopology>> running;
    private final Map<String, Supplier<String>> stopReasons = new ConcurrentHashMap<>();

    /**
     * @param probe the broker probe, null until the service has reached the broker
     * @param running the topologies started so far
     */
    ServiceHealth(String bootstrapServers, Supplier<BrokerProbe> probe, Supplier<List<RunningTopology>> running) {
        this.bootstrapServers = bootstrapServers;
        this.probe = probe;
        this.running = running;
    }

    /** Where to read why {@code topology} stopped for good (null while it has not). */
    void watch(String topology, Supplier<String> stopReason) {
        stopReasons.put(topology, stopReason);
    }

    /** Why each topology that stopped for good stopped, by topology name; empty while all run. */
    Map<String, String> stopped() {
        Map<String, String> reasons = new TreeMap<>();
        stopReasons.forEach((name, reason) -> {
            String why = reason.get();
            if (why != null) {
                reasons.put(name, why);
            }
        });
        return reasons;
    }

    boolean allRunning() {
        List<RunningTopology> all = running.get();
        return !all.isEmpty() && all.stream().allMatch(r -> r.is(KafkaStreams.State.RUNNING));
    }

    /** The broker answers (once it has been reached) and no topology has stopped or is stopping. */
    boolean live() {
        BrokerProbe p = probe.get();
        return (p == null || p.reachable())
                && running.get().stream()
                        .noneMatch(r -> r.is(KafkaStreams.State.ERROR)
                                || r.is(KafkaStreams.State.NOT_RUNNING)
                                || r.is(KafkaStreams.State.PENDING_ERROR)
                                || r.is(KafkaStreams.State.PENDING_SHUTDOWN));
    }

    /** The broker answers and every topology is RUNNING. */
    boolean ready() {
        BrokerProbe p = probe.get();
        return p != null && p.reachable() && allRunning();
    }

    /** Why the service is not ready, one line each; empty when it is. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        BrokerProbe p = probe.get();
        if (p == null) {
            problems.add("starting: waiting for the Kafka broker at " + bootstrapServers);
        } else if (!p.reachable()) {
            problems.add(p.problem());
        }
        for (RunningTopology r : running.get()) {
            KafkaStreams.State state = r.streams().state();
            if (state != KafkaStreams.State.RUNNING) {
                String why = stopReasons.getOrDefault(r.name(), () -> null).get();
                problems.add("topology " + r.name() + " is " + state + (why == null ? "" : ": " + why));
            }
        }
        return problems;
    }

    /** The broker as last probed; null before it was first reached. */
    Map<String, Object> broker() {
        BrokerProbe p = probe.get();
        return p == null ? null : p.status();
    }

    /** Each running topology's Kafka Streams state, in start order. */
    Map<String, String> states() {
        Map<String, String> states = new LinkedHashMap<>();
        running.get().forEach(r -> states.put(r.name(), r.streams().state().name()));
        return states;
    }
}
