package io.streamcast.testing;

import io.streamcast.bench.SyntheticSeries;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A live feed on its own thread: step 0, 1, 2, ... of every series of a {@link SyntheticSeries},
 * one step every {@code pace}, until {@link #stop} or {@code maxSteps}. Every step is flushed
 * (acknowledged by the broker) before it counts, so {@link #stop} says exactly which steps the
 * topology owes forecasts for. The producer is idempotent (the client's default): a retried send
 * is never a second observation.
 */
public final class PacedFeed implements AutoCloseable {
    private final SyntheticSeries data;
    private final String topic;
    private final Duration pace;
    private final int maxSteps;
    private final KafkaProducer<String, String> producer;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicInteger stepsSent = new AtomicInteger();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final Thread thread;

    private PacedFeed(String bootstrap, SyntheticSeries data, String topic, Duration pace, int maxSteps) {
        this.data = data;
        this.topic = topic;
        this.pace = pace;
        this.maxSteps = maxSteps;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
        this.thread = new Thread(this::feed, "paced-feed");
        thread.setDaemon(true);
    }

    public static PacedFeed start(String bootstrap, SyntheticSeries data, String topic, Duration pace, int maxSteps) {
        PacedFeed feed = new PacedFeed(bootstrap, data, topic, pace, maxSteps);
        feed.thread.start();
        return feed;
    }

    private void feed() {
        try {
            for (int t = 0; t < maxSteps && !stopping.get(); t++) {
                long next = System.nanoTime() + pace.toNanos();
                for (int k = 0; k < data.count(); k++) {
                    producer.send(new ProducerRecord<>(topic, data.key(k), data.json(k, t)), (md, e) -> {
                        if (e != null) {
                            failure.compareAndSet(null, e);
                        }
                    });
                }
                producer.flush();
                stepsSent.set(t + 1);
                // The pace of a live feed: time is what is being simulated here, not a condition to wait on.
                long rest = (next - System.nanoTime()) / 1_000_000;
                if (rest > 0) {
                    Thread.sleep(rest);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
        }
    }

    /** Steps of every series acknowledged so far. */
    public int steps() {
        return stepsSent.get();
    }

    /**
     * Stops after the step in flight and returns how many steps of every series were sent.
     *
     * @throws IllegalStateException if any send failed (then the owed forecasts are unknown)
     */
    public int stop() throws InterruptedException {
        stopping.set(true);
        thread.join(Duration.ofMinutes(1).toMillis());
        if (failure.get() != null) {
            throw new IllegalStateException("the feed failed to send", failure.get());
        }
        if (thread.isAlive()) {
            throw new IllegalStateException("the feed did not stop");
        }
        return stepsSent.get();
    }

    @Override
    public void close() {
        stopping.set(true);
        try {
            thread.join(Duration.ofMinutes(1).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(10));
    }
}
