package io.streamcast.http;

import io.streamcast.control.ModelCommand;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * Operator commands, both answered 202 with the command's id once the command is durable; each
 * task applies it on its own thread within {@code batching.maxDelayMs}, and {@code GET /models}
 * then shows it:
 * <ul>
 * <li>{@code POST /models/{topology}/rollback?version=N}: serve version N again and pin it (online
 *     learning goes on, nothing is promoted over it until a resume). 400 for a missing, negative or
 *     non-integer version; 409, with the versions each task keeps, when some task does not keep N
 *     (nothing is sent); 503 while no task of the topology can be read.</li>
 * <li>{@code POST /models/{topology}/resume}: lift the pin; promotion goes on as before.</li>
 * </ul>
 * 404 for an unknown topology, 503 while the service is still starting or when the command cannot be written now.
 */
final class ModelCommandEndpoint extends Endpoint {
    static final String PREFIX = "/models/";
    private static final String ROLLBACK = "/rollback";
    private static final String RESUME = "/resume";

    private final ServiceView view;
    private final ModelControl control;
    private final ModelCatalog catalog;

    ModelCommandEndpoint(ServiceView view, ModelControl control, ModelCatalog catalog) {
        this.view = view;
        this.control = control;
        this.catalog = catalog;
    }

    @Override
    String method() {
        return "POST";
    }

    @Override
    boolean owns(String path) {
        return suffixOf(path) != null && topologyOf(path).matches("[^/]+");
    }

    private static String suffixOf(String path) {
        if (!path.startsWith(PREFIX)) {
            return null;
        }
        return path.endsWith(ROLLBACK) ? ROLLBACK : path.endsWith(RESUME) ? RESUME : null;
    }

    private static String topologyOf(String path) {
        String suffix = suffixOf(path);
        return suffix == null || path.length() < PREFIX.length() + suffix.length()
                ? ""
                : path.substring(PREFIX.length(), path.length() - suffix.length());
    }

    @Override
    Reply answer(URI uri) {
        if (!view.started()) {
            // Not "no topology named": it will be there in a few seconds.
            return Reply.starting();
        }
        String name = topologyOf(uri.getPath());
        Optional<TopologyHandle> topology =
                view.topologies().stream().filter(t -> t.name().equals(name)).findFirst();
        if (topology.isEmpty()) {
            return Reply.error(404, "no topology named '" + name + "'");
        }
        return ROLLBACK.equals(suffixOf(uri.getPath()))
                ? rollback(topology.get(), uri)
                : send(name, ModelCommand.resume());
    }

    private Reply rollback(TopologyHandle topology, URI uri) {
        String raw = QueryParams.parse(uri.getRawQuery()).get("version");
        long version;
        try {
            version = Long.parseLong(raw == null ? "" : raw.trim());
        } catch (NumberFormatException e) {
            version = -1;
        }
        if (version < 0) {
            return Reply.error(
                    400, "version must be a non-negative integer (?version=N), not '" + (raw == null ? "" : raw) + "'");
        }
        SortedMap<Integer, List<Long>> kept = catalog.keptVersions(topology);
        if (kept.isEmpty()) {
            return Reply.error(
                    503,
                    "no task of topology " + topology.name() + " can be read now (" + state(topology)
                            + "); retry when GET /ready answers 200");
        }
        long wanted = version;
        List<Integer> lacking = kept.entrySet().stream()
                .filter(e -> !e.getValue().contains(wanted))
                .map(Map.Entry::getKey)
                .toList();
        if (!lacking.isEmpty()) {
            return versionNotKept(topology.name(), version, kept, lacking);
        }
        return send(topology.name(), ModelCommand.rollback(version));
    }

    private static String state(TopologyHandle topology) {
        return topology.streams() == null
                ? "not running"
                : topology.streams().state().name();
    }

    /** 409: which versions every task keeps, and each task's. */
    private static Reply versionNotKept(
            String topology, long version, SortedMap<Integer, List<Long>> kept, List<Integer> lacking) {
        List<Long> common = new ArrayList<>(kept.values().iterator().next());
        kept.values().forEach(common::retainAll);
        StringBuilder perTask = new StringBuilder();
        kept.forEach((partition, versions) -> perTask.append(perTask.length() == 0 ? "" : "; ")
                .append("partition ")
                .append(partition)
                .append(": ")
                .append(ranges(versions)));
        String message = (lacking.size() == kept.size()
                        ? "no task of topology " + topology + " keeps version " + version
                        : "version " + version + " of topology " + topology + " is not kept by partition"
                                + (lacking.size() > 1 ? "s " : " ")
                                + lacking.toString().replaceAll("[\\[\\]]", ""))
                + "; versions every task keeps: " + ranges(common) + " (" + perTask + ")";
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        body.put("topology", topology);
        body.put("version", version);
        body.put("versions", common);
        Map<String, List<Long>> tasks = new LinkedHashMap<>();
        kept.forEach((partition, versions) -> tasks.put(Integer.toString(partition), versions));
        body.put("tasks", tasks);
        return Reply.json(409, body);
    }

    /** Ascending versions as runs: "1-4, 7", or "none". */
    static String ranges(List<Long> versions) {
        if (versions.isEmpty()) {
            return "none";
        }
        StringBuilder s = new StringBuilder();
        int i = 0;
        while (i < versions.size()) {
            int j = i;
            while (j + 1 < versions.size() && versions.get(j + 1) == versions.get(j) + 1) {
                j++;
            }
            s.append(s.length() == 0 ? "" : ", ").append(versions.get(i));
            if (j > i) {
                s.append(j == i + 1 ? ", " : "-").append(versions.get(j));
            }
            i = j + 1;
        }
        return s.toString();
    }

    private Reply send(String topology, ModelCommand command) {
        String id;
        try {
            id = control.send(topology, command);
        } catch (IllegalStateException e) {
            return Reply.error(503, e.getMessage());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("command", command.command());
        body.put("topology", topology);
        if (command.version() != null) {
            body.put("version", command.version());
        }
        body.put("id", id);
        return Reply.json(202, body);
    }
}
