package io.streamcast.training;

import io.streamcast.model.VersionedModel;
import org.apache.kafka.streams.processor.TaskId;

/**
 * Told of every version a task starts serving: the seed it starts from, each promotion and each
 * rollback. The service publishes them to the topology's models topic; backtests and tests use
 * {@link #NONE}. Called on the task's thread: implementations must not block (hand off, e.g. to
 * an asynchronous producer).
 */
@FunctionalInterface
public interface ModelPublisher {
    ModelPublisher NONE = (task, model) -> {};

    void published(TaskId task, VersionedModel model);
}
