package io.streamcast.http;

import java.util.List;
import java.util.SortedMap;

/** Which model versions each task of a topology keeps: what a rollback is checked against before it is sent. */
@FunctionalInterface
public interface ModelCatalog {
    /**
     * Partition -> the versions that partition's task keeps, ascending, for every task of
     * {@code topology} that can be read now (this instance's and its peers'); empty while none can.
     */
    SortedMap<Integer, List<Long>> keptVersions(TopologyHandle topology);

    /** The tasks of this instance, read from their model stores, and those of every peer, asked over HTTP. */
    static ModelCatalog cluster() {
        return new ClusterModelCatalog(new PeerClient());
    }
}
