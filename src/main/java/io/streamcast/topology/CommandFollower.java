package io.streamcast.topology;

import io.streamcast.control.ModelCommand;
import io.streamcast.training.ModelStore;
import io.streamcast.training.TaskModel;
import java.util.Objects;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies operator commands (rollback, resume) to one task's model, on the task's own thread: DL4J
 * networks are not thread-safe, so an HTTP thread cannot touch them. The command travels through
 * the topology's commands topic, which every task of every instance reads through the global
 * {@link StoreNames#COMMANDS} store; each task looks at it on its wall-clock punctuation and
 * applies a command whose id differs from the last one it handled. That id is kept in the task's
 * changelogged model store, so a restarted or moved task does not apply a command twice.
 *
 * <p>A task that starts with an empty model store (a new partition, a new deployment) takes the
 * current command as handled: it refers to versions this task never served.
 */
final class CommandFollower {
    private static final Logger LOG = LoggerFactory.getLogger(CommandFollower.class);

    private final String topology;
    private final TaskId task;
    private final KeyValueStore<String, String> commands;
    private final ModelStore models;
    private String lastSeen;

    /** Call before the task's model is created: an empty model store is how a new task is told apart. */
    CommandFollower(String topology, TaskId task, KeyValueStore<String, String> commands, ModelStore models) {
        this.topology = topology;
        this.task = task;
        this.commands = commands;
        this.models = models;
        String current = commands.get(topology);
        if (current != null && !models.hasServing()) {
            try {
                models.saveAppliedCommand(ModelCommand.fromJson(current).id());
            } catch (IllegalArgumentException e) {
                // Not a command; poll() says so once.
            }
        }
    }

    /** Applies the newest command if this task has not handled it yet. */
    void poll(TaskModel model) {
        String raw = commands.get(topology);
        if (raw == null || raw.equals(lastSeen)) {
            return;
        }
        lastSeen = raw;
        ModelCommand command;
        try {
            command = ModelCommand.fromJson(raw);
        } catch (IllegalArgumentException e) {
            LOG.warn("topology {} task {}: ignoring command {}: {}", topology, task, raw, e.getMessage());
            return;
        }
        if (Objects.equals(command.id(), models.appliedCommand())) {
            return;
        }
        apply(command, model);
        // Handled either way: a version this task lacks will not appear later, so never retry.
        models.saveAppliedCommand(command.id());
    }

    private void apply(ModelCommand command, TaskModel model) {
        if (ModelCommand.RESUME.equals(command.command())) {
            if (model.pinned()) {
                model.resume();
                LOG.info(
                        "topology {} task {}: promotion resumed over version {} (command {})",
                        topology,
                        task,
                        model.version(),
                        command.id());
            }
            return;
        }
        try {
            long from = model.version();
            model.rollback(command.version());
            if (from == command.version()) {
                LOG.info(
                        "topology {} task {}: version {} already serves; pinned until a resume (command {})",
                        topology,
                        task,
                        command.version(),
                        command.id());
            } else {
                LOG.info(
                        "topology {} task {}: rolled back from version {} to {}, pinned until a resume (command {})",
                        topology,
                        task,
                        from,
                        command.version(),
                        command.id());
            }
        } catch (IllegalArgumentException e) {
            LOG.warn(
                    "topology {} task {}: cannot roll back to version {} (command {}): {}",
                    topology,
                    task,
                    command.version(),
                    command.id(),
                    e.getMessage());
        }
    }
}
