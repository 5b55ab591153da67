package io.streamcast.training;

import io.streamcast.model.VersionedModel;

/**
 * Told of every version a task starts serving: the seed it starts from, each promotion and each
 * rollback. The topology forwards them to its models topic in the task's own transaction; backtests
 * and tests use {@link #NONE}. Called on the task's thread, right after the version is in the model
 * store: implementations must not block (keep it, forward it later).
 */
@FunctionalInterface
public interface ModelPublisher {
    ModelPublisher NONE = model -> {};

    void published(VersionedModel model);
}
