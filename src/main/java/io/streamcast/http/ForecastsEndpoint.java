package io.streamcast.http;

import io.streamcast.emit.Forecast;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /forecasts/{series}[?topology=name]}: the latest forecast of a series from every
 * topology, or the Forecast itself from the one named. 404 when no topology has one, 503 (retry)
 * when a store cannot answer yet or the service is still starting.
 */
final class ForecastsEndpoint extends Endpoint {
    static final String PREFIX = "/forecasts/";

    private final ServiceView view;
    private final ForecastLookup lookup;

    ForecastsEndpoint(ServiceView view, ForecastLookup lookup) {
        this.view = view;
        this.lookup = lookup;
    }

    @Override
    boolean owns(String path) {
        return path.startsWith(PREFIX) && path.length() > PREFIX.length();
    }

    @Override
    Reply answer(URI uri) {
        if (!view.started()) {
            // Before the topologies exist every series would be a 404 ("no forecast"), which a client would believe.
            return Reply.starting();
        }
        // The decoded path: everything after the prefix is the series id, slashes included.
        String series = uri.getPath().substring(PREFIX.length());
        Map<String, String> params = QueryParams.parse(uri.getRawQuery());
        boolean localOnly = "true".equals(params.get("local"));
        String name = params.get("topology");
        if (name != null) {
            return fromOne(name, series, localOnly);
        }
        return fromAll(series, localOnly);
    }

    private Reply fromOne(String name, String series, boolean localOnly) {
        Optional<TopologyHandle> topology =
                view.topologies().stream().filter(t -> t.name().equals(name)).findFirst();
        if (topology.isEmpty()) {
            return Reply.error(404, "no topology named '" + name + "'");
        }
        Lookup result = lookup.find(topology.get(), series, localOnly);
        if (result instanceof Lookup.Found found) {
            return Reply.json(200, found.forecast());
        }
        if (result instanceof Lookup.Unavailable unavailable) {
            return Reply.error(503, unavailable.reason());
        }
        return Reply.error(404, "topology '" + name + "' has no forecast for series '" + series + "'");
    }

    private Reply fromAll(String series, boolean localOnly) {
        List<Forecast> forecasts = new ArrayList<>();
        Map<String, String> unavailable = new LinkedHashMap<>();
        for (TopologyHandle topology : view.topologies()) {
            Lookup result = lookup.find(topology, series, localOnly);
            if (result instanceof Lookup.Found found) {
                forecasts.add(found.forecast());
            } else if (result instanceof Lookup.Unavailable u) {
                unavailable.put(topology.name(), u.reason());
            }
        }
        if (!unavailable.isEmpty()) {
            // A partial list would read as "these are all": ask the client to retry instead.
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", "not every topology can answer yet; retry shortly");
            body.put("unavailable", unavailable);
            return Reply.json(503, body);
        }
        if (forecasts.isEmpty()) {
            return Reply.error(404, "no topology has a forecast for series '" + series + "'");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("series", series);
        body.put("forecasts", forecasts);
        return Reply.json(200, body);
    }
}
