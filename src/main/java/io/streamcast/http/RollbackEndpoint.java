package io.streamcast.http;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /models/{topology}/rollback?version=N}: 202 with the command's id once the command is
 * durable; each task applies it on its own thread within {@code batching.maxDelayMs}, and
 * {@code GET /models} then shows the version. 404 for an unknown topology, 400 for a missing or
 * non-positive version, 503 when the command cannot be written now.
 */
final class RollbackEndpoint extends Endpoint {
    static final String PREFIX = "/models/";
    private static final String SUFFIX = "/rollback";

    private final ServiceView view;
    private final ModelControl control;

    RollbackEndpoint(ServiceView view, ModelControl control) {
        this.view = view;
        this.control = control;
    }

    @Override
    String method() {
        return "POST";
    }

    @Override
    boolean owns(String path) {
        return path.startsWith(PREFIX) && path.endsWith(SUFFIX) && topologyOf(path).matches("[^/]+");
    }

    private static String topologyOf(String path) {
        return path.length() < PREFIX.length() + SUFFIX.length() ? "" : path.substring(PREFIX.length(), path.length() - SUFFIX.length());
    }

    @Override
    Reply answer(URI uri) {
        String topology = topologyOf(uri.getPath());
        if (view.topologies().stream().noneMatch(t -> t.name().equals(topology))) {
            return Reply.error(404, "no topology named '" + topology + "'");
        }
        String raw = QueryParams.parse(uri.getRawQuery()).get("version");
        long version;
        try {
            version = Long.parseLong(raw == null ? "" : raw.trim());
        } catch (NumberFormatException e) {
            version = 0;
        }
        if (version < 1) {
            return Reply.error(400, "version must be a positive integer (?version=N), not '" + (raw == null ? "" : raw) + "'");
        }
        String id;
        try {
            id = control.rollback(topology, version);
        } catch (IllegalStateException e) {
            return Reply.error(503, e.getMessage());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("command", "rollback");
        body.put("topology", topology);
        body.put("version", version);
        body.put("id", id);
        return Reply.json(202, body);
    }
}
