package io.streamcast.http;

/** Operator commands the REST API passes on to the running service. */
@FunctionalInterface
public interface ModelControl {
    /** For an API without a service behind it: every command is refused (503). */
    ModelControl NONE = (topology, version) -> {
        throw new IllegalStateException("this instance takes no model commands");
    };

    /**
     * Asks every task of {@code topology} to serve {@code version} again; returns once the request
     * is durable, before the tasks apply it.
     *
     * @return the command's id
     * @throws IllegalStateException when the command cannot be sent now (retry later)
     */
    String rollback(String topology, long version);
}
