package io.streamcast.service;

import io.streamcast.config.ServiceConfig;
import io.streamcast.config.TopologySpec;
import io.streamcast.control.ControlTopics;
import io.streamcast.model.VersionedModel;
import io.streamcast.training.CheckpointCompatibility;
import io.streamcast.training.NetworkSpecs;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model a topology's new tasks start from: an in-memory checkpoint the caller passes (the demo
 * pretrains), else the topology's {@code model.checkpoint} file, else the newest version in its
 * models topic (a warm start after the task state was reset), else none.
 */
final class Seeds {
    private static final Logger LOG = LoggerFactory.getLogger(Seeds.class);

    private final ServiceConfig config;
    private final Map<String, VersionedModel> given;

    /** @param given in-memory checkpoints by topology name (a null one falls through to the file and the topic) */
    Seeds(ServiceConfig config, Map<String, VersionedModel> given) {
        this.config = config;
        this.given = given;
    }

    /** The seed of {@code spec}, or null when it starts untrained. */
    VersionedModel of(TopologySpec spec) {
        VersionedModel seed = given.containsKey(spec.name) ? given.get(spec.name) : Checkpoints.of(spec);
        return seed != null ? seed : warmStart(spec);
    }

    private VersionedModel warmStart(TopologySpec spec) {
        String topic = ControlTopics.models(config, spec);
        try {
            VersionedModel latest = ModelsTopicReader.latest(ClientProperties.client(config), topic);
            if (latest == null || latest.version() == 0) {
                // Version 0 is the untrained network (a rollback to the fallback): nothing to warm-start from.
                return null;
            }
            CheckpointCompatibility.check(
                    latest.network(), NetworkSpecs.of(spec), "version " + latest.version() + " in " + topic);
            LOG.info("topology {}: new tasks warm-start from version {} in {}", spec.name, latest.version(), topic);
            return latest;
        } catch (RuntimeException e) {
            LOG.warn("topology {}: no warm start from {}: {}", spec.name, topic, e.getMessage());
            return null;
        }
    }
}
