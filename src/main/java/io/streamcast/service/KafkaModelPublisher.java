package io.streamcast.service;

import io.streamcast.model.VersionedModel;
import io.streamcast.training.ModelPublisher;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.processor.TaskId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes each version a task serves to the topology's models topic: key {@code <topology>/<task>}
 * (compaction keeps each task's newest), value the {@link VersionedModel} bytes, headers
 * {@code streamcast.version} and {@code streamcast.task}. Asynchronous: the task never waits on
 * it, and a failed publish is logged, not fatal (the changelogged model store stays the source of truth).
 */
final class KafkaModelPublisher implements ModelPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaModelPublisher.class);

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final String topology;

    KafkaModelPublisher(Producer<String, byte[]> producer, String topic, String topology) {
        this.producer = producer;
        this.topic = topic;
        this.topology = topology;
    }

    static String key(String topology, TaskId task) {
        return topology + "/" + task;
    }

    @Override
    public void published(TaskId task, VersionedModel model) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key(topology, task), model.toBytes());
        record.headers()
                .add("streamcast.version", Long.toString(model.version()).getBytes(StandardCharsets.UTF_8));
        record.headers().add("streamcast.task", task.toString().getBytes(StandardCharsets.UTF_8));
        producer.send(record, (metadata, e) -> {
            if (e != null) {
                LOG.warn(
                        "topology {} task {}: version {} not published to {}: {}",
                        topology,
                        task,
                        model.version(),
                        topic,
                        e.toString());
            }
        });
    }
}
