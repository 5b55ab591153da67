package io.streamcast.http;

import io.streamcast.control.ModelCommand;

/** Operator commands the REST API passes on to the running service. */
@FunctionalInterface
public interface ModelControl {
    /** For an API without a service behind it: every command is refused (503). */
    ModelControl NONE = (topology, command) -> {
        throw new IllegalStateException("this instance takes no model commands");
    };

    /**
     * Sends {@code command} (rollback, resume) to every task of {@code topology}; returns once the
     * request is durable, before the tasks apply it.
     *
     * @return the command's id
     * @throws IllegalStateException when the command cannot be sent now (retry later)
     */
    String send(String topology, ModelCommand command);
}
