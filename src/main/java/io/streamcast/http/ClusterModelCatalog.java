package io.streamcast.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The versions kept by this instance's tasks (their model stores) and by its peers' (their
 * {@code GET /models}, which lists only their own tasks). A peer that does not answer adds
 * nothing: its tasks still refuse a version they lack, in their log.
 */
final class ClusterModelCatalog implements ModelCatalog {
    private final PeerClient peers;

    ClusterModelCatalog(PeerClient peers) {
        this.peers = peers;
    }

    @Override
    public SortedMap<Integer, List<Long>> keptVersions(TopologyHandle topology) {
        SortedMap<Integer, List<Long>> kept = new TreeMap<>();
        for (ModelVersions.PartitionModel task : ModelVersions.of(topology).tasks()) {
            kept.put(task.partition(), task.versions());
        }
        for (String peer : peerEndpoints(topology)) {
            JsonNode all = peers.models(peer);
            if (all == null) {
                continue;
            }
            for (JsonNode t : all) {
                if (!topology.name().equals(t.path("topology").asText())) {
                    continue;
                }
                for (JsonNode task : t.path("tasks")) {
                    List<Long> versions = new ArrayList<>();
                    task.path("versions").forEach(v -> versions.add(v.asLong()));
                    kept.putIfAbsent(task.path("partition").asInt(), versions);
                }
            }
        }
        return kept;
    }

    private static List<String> peerEndpoints(TopologyHandle topology) {
        List<String> endpoints = new ArrayList<>();
        try {
            for (StreamsMetadata m : topology.streams().metadataForAllStreamsClients()) {
                HostInfo host = m.hostInfo();
                String endpoint = host.host() + ":" + host.port();
                if (!host.equals(HostInfo.unavailable())
                        && !Objects.equals(endpoint, topology.thisEndpoint())
                        && !endpoints.contains(endpoint)) {
                    endpoints.add(endpoint);
                }
            }
        } catch (RuntimeException e) {
            // Not running (yet): no metadata, so no peers to ask.
        }
        return endpoints;
    }
}
