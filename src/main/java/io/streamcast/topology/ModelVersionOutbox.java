package io.streamcast.topology;

import io.streamcast.model.VersionedModel;
import io.streamcast.training.ModelPublisher;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The versions a task started serving (seed, promotion, rollback), held until the processor can
 * forward them to the models topic: key {@code <topology>/<task>} (compaction keeps each task's
 * newest), value the {@link VersionedModel} bytes, headers {@code streamcast.version} and
 * {@code streamcast.task}.
 *
 * <p>Forwarded, not sent by a producer of its own, so under exactly once a version commits in the
 * same transaction as the model store that holds it. Sent outside it, a version promoted just
 * before a crash stayed in the topic while the restored task, which never committed it, promoted
 * other weights under the same number. Held rather than forwarded at once because the seed is
 * saved while the task initialises, when the processor cannot forward yet; a task closed before
 * its first punctuation (tens of milliseconds) leaves its seed unpublished, though its model store
 * keeps it, and the topic then shows that task from its first promotion on.
 */
final class ModelVersionOutbox implements ModelPublisher {
    private final String key;
    private final byte[] task;
    private final List<VersionedModel> held = new ArrayList<>(1);

    ModelVersionOutbox(String topology, String task) {
        this.key = topology + "/" + task;
        this.task = task.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void published(VersionedModel model) {
        held.add(model);
    }

    /** Forwards every held version, oldest first, stamped {@code nowMs}. */
    void forwardTo(ProcessorContext<String, Outcome> context, long nowMs) {
        if (held.isEmpty()) {
            return;
        }
        for (VersionedModel model : held) {
            RecordHeaders headers = new RecordHeaders();
            headers.add("streamcast.version", Long.toString(model.version()).getBytes(StandardCharsets.UTF_8));
            headers.add("streamcast.task", task);
            context.forward(new Record<>(key, new Outcome.Published(model), nowMs, headers));
        }
        held.clear();
    }
}
