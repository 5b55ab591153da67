package io.streamcast.training;

import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.state.KeyValueStore;

/** Creates the model of a stream task from the task's changelogged model store (where a restart finds it). */
@FunctionalInterface
public interface TaskModelFactory {
    /** @param publisher told of every version the model starts serving, after the model store holds it */
    TaskModel create(TaskId task, KeyValueStore<String, byte[]> modelStore, ModelPublisher publisher);

    /** A model whose versions go nowhere but its model store: backtests and tests. */
    default TaskModel create(TaskId task, KeyValueStore<String, byte[]> modelStore) {
        return create(task, modelStore, ModelPublisher.NONE);
    }

    /**
     * This factory with every model training on the stream thread at the flush safe point, never
     * in the background: what backtests need (deterministic, no peeking). Factories without a
     * background mode return themselves.
     */
    default TaskModelFactory synchronous() {
        return this;
    }

    /**
     * This factory with the network's correction serving whenever a trained network exists,
     * without the correction gate (see {@link TaskModel#correctionGated}). Factories whose models
     * have no correction return themselves.
     */
    default TaskModelFactory ungated() {
        return this;
    }
}
