package io.streamcast.training;

import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.state.KeyValueStore;

/** Creates the model of a stream task from the task's changelogged model store (where a restart finds it). */
@FunctionalInterface
public interface TaskModelFactory {
    TaskModel create(TaskId task, KeyValueStore<String, byte[]> modelStore);
}
