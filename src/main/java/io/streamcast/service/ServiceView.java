package io.streamcast.service;

import io.streamcast.http.HttpApi;
import java.util.List;
import java.util.Map;

/** What the HTTP API sees of the running service. */
final class ServiceView implements HttpApi.ServiceView {
    private final StreamcastService service;
    private volatile String endpoint;

    ServiceView(StreamcastService service) {
        this.service = service;
    }

    void endpoint(String endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public boolean live() {
        return service.live();
    }

    @Override
    public boolean ready() {
        return service.allRunning();
    }

    @Override
    public Map<String, String> states() {
        return service.states();
    }

    @Override
    public List<HttpApi.TopologyHandle> topologies() {
        return service.running().stream()
                .map(r -> new HttpApi.TopologyHandle(r.spec().name, r.spec().model.cell, r.streams(), endpoint))
                .toList();
    }
}
