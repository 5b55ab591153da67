package io.streamcast.service;

import io.streamcast.http.TopologyHandle;
import java.util.List;
import java.util.Map;

/** What the HTTP API sees of the running service. */
final class StreamcastServiceView implements io.streamcast.http.ServiceView {
    private final StreamcastService service;
    private volatile String endpoint;

    StreamcastServiceView(StreamcastService service) {
        this.service = service;
    }

    void endpoint(String endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public boolean started() {
        return service.started();
    }

    @Override
    public boolean live() {
        return service.live();
    }

    @Override
    public boolean ready() {
        return service.ready();
    }

    @Override
    public List<String> problems() {
        return service.problems();
    }

    @Override
    public Map<String, Object> broker() {
        return service.broker();
    }

    @Override
    public Map<String, String> states() {
        return service.states();
    }

    @Override
    public List<TopologyHandle> topologies() {
        return service.running().stream()
                .map(r -> new TopologyHandle(
                        r.spec().name,
                        r.spec().model.cell,
                        r.spec().stepValue(),
                        r.spec().valueRange(),
                        r.streams(),
                        endpoint))
                .toList();
    }
}
