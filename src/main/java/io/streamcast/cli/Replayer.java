package io.streamcast.cli;

import io.streamcast.progress.ProgressBar;
import io.streamcast.service.DeliveryCheck;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Produces a data set to observation topics as a live feed would: time step by time step (each
 * distinct timestamp of the data, {@link Timeline}), every series' readings of that instant
 * together, keyed by series id, JSON values in the contract's format. Steps before {@code
 * liveFrom} go out at once (history that fills the windows); the rest at {@code rate} steps per
 * second. Used by {@code demo}, {@code replay} and {@code bench}.
 */
final class Replayer {
    static final String BUNDLED = "/data/vega_hourly_temps.csv";

    private static final Duration LEADERS_TIMEOUT = Duration.ofSeconds(30);

    private final String bootstrapServers;
    private final Properties producerConfig;

    Replayer(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        producerConfig = new Properties();
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    }

    /**
     * Replays the time steps {@code from .. end} of the data's {@link Timeline}; steps before
     * {@code liveFrom} without pause. Returns the steps sent.
     */
    long replay(
            Timeline timeline,
            Collection<String> topics,
            int from,
            int liveFrom,
            double rate,
            BooleanSupplier keepGoing)
            throws InterruptedException {
        long sent = 0;
        DeliveryCheck delivery = new DeliveryCheck();
        String what = "for " + String.join(", ", topics);
        TopicPresence.requireCreatable(bootstrapServers, topics);
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer())) {
            int partitions = awaitLeaders(producer, topics);
            Set<TopicPartition> started = new HashSet<>();
            // Topic and key of each series' first record: the only records that can be a partition's first.
            Set<String> firstSent = new HashSet<>();
            ProgressBar bar =
                    new ProgressBar("replay", "time steps", Math.max(1, timeline.size() - liveFrom), System.err);
            for (int i = Math.max(0, from); i < timeline.size() && keepGoing.getAsBoolean(); i++) {
                for (Timeline.Reading reading : timeline.at(i)) {
                    String json = reading.point().toJson();
                    for (String t : topics) {
                        ProducerRecord<String, String> record = new ProducerRecord<>(t, reading.series(), json);
                        // A partition's first record is the first record of some series keyed to it.
                        if (started.size() < partitions && firstSent.add(t + '\u0000' + reading.series())) {
                            sendAlone(producer, record, delivery, started, what);
                        } else {
                            producer.send(record, delivery);
                        }
                    }
                }
                sent++;
                if (i >= liveFrom) {
                    producer.flush();
                    delivery.throwIfAnyFailed(what);
                    bar.step(1);
                    Thread.sleep((long) (1000 / rate));
                }
            }
            bar.done();
        } // close() waits for every record sent: the check below sees them all
        delivery.throwIfAnyFailed(what);
        return sent;
    }

    /**
     * Sends one record and waits for it, until every partition has taken a first record: a
     * partition's first batch must not race later ones while the partition is new. A first batch
     * refused as NOT_LEADER_OR_FOLLOWER is retried after later batches have landed, and the broker
     * then refuses it forever as out of sequence (KAFKA-15591); with thousands of series a single
     * time step is many batches per partition, so delivering the first step before the second is
     * not enough. Costs one round trip per series' first record until every partition has one.
     */
    private static void sendAlone(
            KafkaProducer<String, String> producer,
            ProducerRecord<String, String> record,
            DeliveryCheck delivery,
            Set<TopicPartition> started,
            String what)
            throws InterruptedException {
        try {
            RecordMetadata landed = producer.send(record, delivery).get();
            started.add(new TopicPartition(landed.topic(), landed.partition()));
        } catch (ExecutionException e) {
            delivery.throwIfAnyFailed(what); // the callback has seen the same failure
            throw new DeliveryCheck.UndeliveredRecordsException(
                    "a record " + what + " was not delivered: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /**
     * Waits (at most {@link #LEADERS_TIMEOUT}) until every partition of {@code topics} has a leader
     * in the producer's metadata; asking for the partitions also creates a topic where the broker
     * auto-creates them. Until then a produce request can be refused as NOT_LEADER_OR_FOLLOWER and
     * retried after later batches, which is where records get lost (see {@link DeliveryCheck}).
     */
    private static int awaitLeaders(KafkaProducer<String, String> producer, Collection<String> topics)
            throws InterruptedException {
        long deadline = System.nanoTime() + LEADERS_TIMEOUT.toNanos();
        int partitions = 0;
        for (String topic : topics) {
            List<PartitionInfo> info = partitionsOf(producer, topic);
            while (info.stream().anyMatch(p -> p.leader() == null || p.leader().isEmpty())
                    && System.nanoTime() < deadline) {
                // Past the deadline the sends wait for metadata themselves, and DeliveryCheck reports what failed.
                Thread.sleep(50);
                info = partitionsOf(producer, topic);
            }
            partitions += info.size();
        }
        return partitions;
    }

    /** The topic's partitions; a topic whose metadata never came (max.block.ms) ends the command in one line. */
    private static List<PartitionInfo> partitionsOf(KafkaProducer<String, String> producer, String topic) {
        try {
            return producer.partitionsFor(topic);
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new DeliveryCheck.UndeliveredRecordsException(
                    "no records for " + topic + " were sent: the brokers gave no partitions for it (" + e.getMessage()
                            + "); does the topic exist?",
                    e);
        }
    }

    /** The bundled data set, copied out of the jar so the CSV reader can open it. */
    static Path bundledData() throws Exception {
        Path tmp = Files.createTempFile("streamcast-data", ".csv");
        tmp.toFile().deleteOnExit();
        try (InputStream in = Replayer.class.getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new IllegalStateException("bundled data set " + BUNDLED + " is missing from the jar");
            }
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        }
        return tmp;
    }
}
