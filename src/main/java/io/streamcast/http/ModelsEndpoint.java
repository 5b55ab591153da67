package io.streamcast.http;

import java.net.URI;

/** {@code GET /models}: per topology, the serving and kept model versions of this instance's partitions; 503 while starting. */
final class ModelsEndpoint extends Endpoint.Fixed {
    private final ServiceView view;

    ModelsEndpoint(ServiceView view) {
        super("/models");
        this.view = view;
    }

    @Override
    Reply answer(URI uri) {
        if (!view.started()) {
            // Before the topologies exist the list would be empty, not "no models yet".
            return Reply.starting();
        }
        return Reply.json(200, view.topologies().stream().map(ModelVersions::of).toList());
    }
}
