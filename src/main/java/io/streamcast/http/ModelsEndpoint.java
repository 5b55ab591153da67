package io.streamcast.http;

import java.net.URI;

/** {@code GET /models}: per topology, the serving and kept model versions of this instance's partitions. */
final class ModelsEndpoint extends Endpoint.Fixed {
    private final ServiceView view;

    ModelsEndpoint(ServiceView view) {
        super("/models");
        this.view = view;
    }

    @Override
    Reply answer(URI uri) {
        return Reply.json(200, view.topologies().stream().map(ModelVersions::of).toList());
    }
}
