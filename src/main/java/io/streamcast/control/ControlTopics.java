package io.streamcast.control;

import io.streamcast.config.ServiceConfig;
import io.streamcast.config.TopologySpec;
import io.streamcast.model.ModelCheckpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The two compacted side topics of a topology, both named after its application id
 * ({@code <applicationId>-<topology>}):
 * <ul>
 * <li>{@code ...-commands}: operator commands (rollback), key = topology name, the newest command
 *     wins. One partition: every task reads all of it through a global store.</li>
 * <li>{@code ...-models}: every version a task starts from, promotes or rolls back to, key =
 *     {@code <topology>/<task id>}, value = {@link io.streamcast.model.VersionedModel} bytes.
 *     Written by the task's own producer, so under exactly once a version is readable
 *     ({@code read_committed}) only once the model store that holds it has committed: a crash
 *     never leaves a version the restored task does not know, and numbers never repeat. Compaction keeps each task's newest version (the warm start for a new deployment); the
 *     history lives until the log cleaner compacts it, long enough for an audit trail.</li>
 * </ul>
 */
public final class ControlTopics {
    /** Models grow with hidden size; the broker default of 1 MB would refuse a 256-unit LSTM. */
    public static final int MAX_MODEL_BYTES = ModelCheckpoint.MAX_BYTES;

    private ControlTopics() {}

    /** Both side topics of one topology, as its forecasting step follows and writes them. */
    public record Names(String commands, String models) {}

    public static Names of(ServiceConfig service, TopologySpec spec) {
        return new Names(commands(service, spec), models(service, spec));
    }

    public static String commands(ServiceConfig service, TopologySpec spec) {
        return service.applicationIdOf(spec) + "-commands";
    }

    public static String models(ServiceConfig service, TopologySpec spec) {
        return service.applicationIdOf(spec) + "-models";
    }

    /** Creates the side topics of every topology that do not exist yet (replication: the {@code kafka.replication.factor} setting, else the broker's default). */
    public static void ensure(Admin admin, ServiceConfig service, List<TopologySpec> specs) {
        Optional<Short> replicas = Optional.ofNullable(service.kafka.get("replication.factor"))
                .map(String::trim)
                .map(Short::parseShort)
                .filter(r -> r > 0);
        List<NewTopic> topics = new ArrayList<>();
        for (TopologySpec spec : specs) {
            topics.add(new NewTopic(commands(service, spec), Optional.of(1), replicas)
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
            topics.add(new NewTopic(models(service, spec), Optional.of(1), replicas)
                    .configs(Map.of(
                            TopicConfig.CLEANUP_POLICY_CONFIG,
                            TopicConfig.CLEANUP_POLICY_COMPACT,
                            TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                            Integer.toString(MAX_MODEL_BYTES))));
        }
        admin.createTopics(topics).values().forEach((name, future) -> {
            try {
                future.get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException(
                            "cannot create topic " + name + ": " + e.getCause().getMessage(), e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while creating " + name, e);
            }
        });
    }
}
