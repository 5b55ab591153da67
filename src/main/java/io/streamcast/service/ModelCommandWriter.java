package io.streamcast.service;

import io.streamcast.config.ServiceConfig;
import io.streamcast.config.TopologySpec;
import io.streamcast.control.ControlTopics;
import io.streamcast.control.ModelCommand;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes operator commands (rollback, resume) to a topology's commands topic and waits for the ack. */
final class ModelCommandWriter {
    private static final Logger LOG = LoggerFactory.getLogger(ModelCommandWriter.class);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);

    private final ServiceConfig config;
    private final KafkaProducer<String, byte[]> producer;

    ModelCommandWriter(ServiceConfig config, KafkaProducer<String, byte[]> producer) {
        this.config = config;
        this.producer = producer;
    }

    /**
     * Writes {@code command} for {@code spec} and waits for the broker's ack: the command is durable
     * from then on, and a pin it sets survives restarts.
     *
     * @throws IllegalStateException when the command could not be written (retry later)
     */
    void write(TopologySpec spec, ModelCommand command) {
        try {
            producer.send(new ProducerRecord<>(
                            ControlTopics.commands(config, spec),
                            spec.name,
                            command.toJson().getBytes(StandardCharsets.UTF_8)))
                    .get(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the " + command.command() + " command was not written: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing the " + command.command() + " command", e);
        }
        LOG.info(
                "topology {}: {} requested (command {})",
                spec.name,
                command.version() == null ? command.command() : command.command() + " to version " + command.version(),
                command.id());
    }
}
