package io.streamcast.http;

import io.streamcast.emit.Forecast;
import io.streamcast.series.RecentForecasts;
import io.streamcast.topology.LatestForecast;
import io.streamcast.topology.StoreNames;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Interactive query of the {@link StoreNames#REMEMBERED} store, whose record of a series keeps its
 * newest forecast as published ({@link LatestForecast}): a series lives on the partition its key
 * hashes to, and that partition's active task may run on another instance. Keys this instance
 * owns are read here; the others are asked of their owner.
 */
final class ForecastLookup {
    private final PeerClient peers;

    ForecastLookup(PeerClient peers) {
        this.peers = peers;
    }

    /**
     * @param localOnly answer from this instance's store even if the metadata names another owner:
     *     set on requests forwarded by a peer, so a request is forwarded at most once
     */
    Lookup find(TopologyHandle topology, String series, boolean localOnly) {
        KafkaStreams streams = topology.streams();
        KeyQueryMetadata owner;
        try {
            // By the series id, the key its records are partitioned by (its record's key adds a '#').
            owner = streams.queryMetadataForKey(
                    StoreNames.REMEMBERED, series, Serdes.String().serializer());
        } catch (InvalidStateStoreException | IllegalStateException e) {
            return notQueryable(topology);
        }
        if (owner == null) {
            return Lookup.MISSING; // this topology has no such store, so it knows no forecast
        }
        if (owner.partition() < 0) {
            return notQueryable(topology);
        }
        HostInfo host = owner.activeHost();
        // Without application.server (a single instance) Kafka names no host: the store can only be here.
        boolean here = host.equals(HostInfo.unavailable()) || Objects.equals(endpoint(host), topology.thisEndpoint());
        if (here || localOnly) {
            return readLocal(topology, series, owner.partition());
        }
        return peers.latestForecast(endpoint(host), topology.name(), series);
    }

    private static Lookup readLocal(TopologyHandle topology, String series, int partition) {
        try {
            ReadOnlyKeyValueStore<String, RecentForecasts> store = topology.streams()
                    .store(StoreQueryParameters.fromNameAndType(
                                    StoreNames.REMEMBERED, QueryableStoreTypes.<String, RecentForecasts>keyValueStore())
                            .withPartition(partition));
            Forecast forecast = LatestForecast.read(store, series, topology.step(), topology.name(), topology.range());
            return forecast == null ? Lookup.MISSING : new Lookup.Found(forecast);
        } catch (InvalidStateStoreException e) {
            // Rebalancing, restoring, or the partition just moved away.
            return new Lookup.Unavailable(topology.name() + ": partition " + partition + " is not queryable here yet ("
                    + topology.streams().state() + ")");
        }
    }

    private static Lookup notQueryable(TopologyHandle topology) {
        return new Lookup.Unavailable(
                topology.name() + " is " + topology.streams().state());
    }

    private static String endpoint(HostInfo host) {
        return host.host() + ":" + host.port();
    }
}
