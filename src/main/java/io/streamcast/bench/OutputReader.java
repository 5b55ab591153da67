package io.streamcast.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.streamcast.progress.ProgressBar;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads an output topic from the beginning as a downstream application would: a
 * {@code read_committed} consumer (under exactly-once a record counts only once its transaction
 * committed). Counts records in 10 ms buckets of arrival time, so a sustained rate can be taken
 * over the middle of a drain without keeping a timestamp per record; records produced at or
 * after {@link #measureLatencyFrom} get their end-to-end latency recorded: arrival wall time minus
 * the record timestamp, which Kafka Streams carries over from the observation (its produce time).
 *
 * <p>With {@code forecasts} set each value is read as a forecast: its {@code model} and
 * {@code version} tell whether the network ran (version above 0) and which forecast served
 * (the cell, or the smoothing base {@code ets}).
 */
public final class OutputReader implements AutoCloseable {
    static final long BUCKET_MILLIS = 10;
    private static final JsonFactory JSON = new JsonFactory();

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final boolean forecasts;
    private final Thread thread;
    private final long startMillis = System.currentTimeMillis();
    private volatile boolean running = true;
    private final LongAdder total = new LongAdder();
    private final LongAdder networkRun = new LongAdder();
    private final Map<String, LongAdder> byModel = new ConcurrentHashMap<>();
    private final AtomicLong lastArrivalMillis = new AtomicLong();
    private int[] allBuckets = new int[4096];
    private int[] networkBuckets = new int[4096];
    private long[] latencies = new long[1024];
    /** Produce timestamp of each measured record, beside its latency: the tail over time. */
    private long[] produced = new long[1024];

    private int latencyCount;
    private volatile long measureLatencyFrom = Long.MAX_VALUE;
    private volatile ProgressBar progress;
    private volatile RuntimeException failure;

    public OutputReader(String bootstrapServers, String topic, boolean forecasts) {
        this.forecasts = forecasts;
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        // Assigned, not subscribed: no group, no rebalance to wait for.
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(i -> new TopicPartition(i.topic(), i.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        thread = new Thread(this::loop, "bench-reader-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        try {
            while (running) {
                var records = consumer.poll(Duration.ofMillis(100));
                long now = System.currentTimeMillis();
                int bucket = (int) ((now - startMillis) / BUCKET_MILLIS);
                int network = 0;
                long from = measureLatencyFrom;
                synchronized (this) {
                    for (ConsumerRecord<byte[], byte[]> r : records) {
                        if (forecasts && r.value() != null) {
                            String[] modelVersion = modelAndVersion(r.value());
                            byModel.computeIfAbsent(modelVersion[0], m -> new LongAdder())
                                    .increment();
                            if (Long.parseLong(modelVersion[1]) > 0) {
                                network++;
                            }
                        }
                        if (r.timestamp() >= from) {
                            if (latencyCount == latencies.length) {
                                latencies = Arrays.copyOf(latencies, latencyCount * 2);
                                produced = Arrays.copyOf(produced, latencyCount * 2);
                            }
                            produced[latencyCount] = r.timestamp();
                            latencies[latencyCount++] = Math.max(0, now - r.timestamp());
                        }
                    }
                    if (records.count() > 0) {
                        allBuckets = add(allBuckets, bucket, records.count());
                        networkBuckets = add(networkBuckets, bucket, network);
                    }
                }
                if (records.count() > 0) {
                    total.add(records.count());
                    networkRun.add(network);
                    lastArrivalMillis.set(now);
                    ProgressBar bar = progress;
                    if (bar != null) {
                        bar.step(records.count());
                    }
                }
            }
        } catch (RuntimeException e) {
            if (running) {
                failure = e;
            }
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    private static int[] add(int[] buckets, int bucket, int n) {
        int[] b = buckets;
        if (bucket >= b.length) {
            b = Arrays.copyOf(b, Math.max(b.length * 2, bucket + 1));
        }
        b[bucket] += n;
        return b;
    }

    /** The top-level {@code model} and {@code version} fields of a forecast; the points are skipped unparsed. */
    static String[] modelAndVersion(byte[] json) {
        String model = "?";
        String version = "0";
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return new String[] {model, version};
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if ("model".equals(field)) {
                    model = p.getText();
                } else if ("version".equals(field)) {
                    version = p.getText();
                } else if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            return new String[] {"unreadable", "0"};
        }
        return new String[] {model, version};
    }

    /** Shows progress on {@code bar} from now on (one step per record read). */
    public void progress(ProgressBar bar) {
        this.progress = bar;
    }

    /** From now on, records whose timestamp is at or after {@code epochMillis} get their latency recorded. */
    public void measureLatencyFrom(long epochMillis) {
        measureLatencyFrom = epochMillis;
    }

    public long total() {
        check();
        return total.sum();
    }

    /** Forecasts the network computed (whichever of it and the base then served). */
    public long networkRun() {
        return networkRun.sum();
    }

    /** Forecasts read by their {@code model} field. */
    public Map<String, Long> byModel() {
        Map<String, Long> m = new java.util.TreeMap<>();
        byModel.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    public synchronized long latencyCount() {
        return latencyCount;
    }

    /** Latency percentiles in milliseconds (nearest rank), or null before any was recorded. */
    public synchronized double[] latencyPercentiles(double... quantiles) {
        if (latencyCount == 0) {
            return null;
        }
        long[] sorted = Arrays.copyOf(latencies, latencyCount);
        Arrays.sort(sorted);
        double[] out = new double[quantiles.length];
        for (int i = 0; i < quantiles.length; i++) {
            int rank = (int) Math.ceil(quantiles[i] * sorted.length) - 1;
            out[i] = sorted[Math.max(0, Math.min(sorted.length - 1, rank))];
        }
        return out;
    }

    /**
     * The {@code quantile} of latency per second of produce time since {@code fromMillis} (index 0:
     * records produced in the first second), NaN for a second without records: whether a tail is
     * a start-up transient, a steady state or a few stalls.
     */
    public synchronized double[] latencyQuantileBySecond(long fromMillis, double quantile) {
        int seconds = 0;
        for (int i = 0; i < latencyCount; i++) {
            seconds = Math.max(seconds, (int) ((produced[i] - fromMillis) / 1000) + 1);
        }
        long[][] bySecond = new long[seconds][];
        int[] counts = new int[seconds];
        for (int i = 0; i < latencyCount; i++) {
            counts[(int) Math.max(0, (produced[i] - fromMillis) / 1000)]++;
        }
        for (int s = 0; s < seconds; s++) {
            bySecond[s] = new long[counts[s]];
            counts[s] = 0;
        }
        for (int i = 0; i < latencyCount; i++) {
            int s = (int) Math.max(0, (produced[i] - fromMillis) / 1000);
            bySecond[s][counts[s]++] = latencies[i];
        }
        double[] out = new double[seconds];
        for (int s = 0; s < seconds; s++) {
            long[] sorted = bySecond[s];
            Arrays.sort(sorted);
            out[s] = sorted.length == 0
                    ? Double.NaN
                    : sorted[Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1))];
        }
        return out;
    }

    /** Waits until {@code expected} records were read or {@code timeout} passed; returns whether they were. */
    public boolean awaitTotal(long expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (total() < expected && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return total() >= expected;
    }

    /**
     * Records per second while the middle of the stream went by: the count between the arrival
     * of its {@code lo} and {@code hi} quantiles (e.g. 0.1 and 0.9) over the time between them,
     * which leaves out start-up (rebalance, first batches) and the stragglers of the last
     * partition. {@code network}: count only forecasts the network computed. NaN when too few
     * records arrived to tell (a drain of well under a second, as a pass-through of a small backlog, is only as good as
     * the bucket width and the consumer's fetch sizes allow).
     */
    public synchronized double sustainedRate(boolean network, double lo, double hi) {
        int[] b = network ? networkBuckets : allBuckets;
        long sum = 0;
        for (int x : b) {
            sum += x;
        }
        if (sum < 10) {
            return Double.NaN;
        }
        long loCount = (long) Math.ceil(sum * lo);
        long hiCount = (long) Math.ceil(sum * hi);
        long cumulative = 0;
        int loBucket = -1;
        int hiBucket = -1;
        long atLo = 0;
        long atHi = 0;
        for (int i = 0; i < b.length; i++) {
            cumulative += b[i];
            if (loBucket < 0 && cumulative >= loCount) {
                loBucket = i;
                atLo = cumulative;
            }
            if (cumulative >= hiCount) {
                hiBucket = i;
                atHi = cumulative;
                break;
            }
        }
        if (hiBucket <= loBucket) {
            // Everything in one bucket: the rate is at least this, and the bucket width bounds it.
            return (double) (atHi - atLo + b[Math.max(0, loBucket)]) / (BUCKET_MILLIS / 1000.0);
        }
        return (atHi - atLo) / ((hiBucket - loBucket) * BUCKET_MILLIS / 1000.0);
    }

    /** Seconds from the first to the last record read, with the bucket resolution. */
    public synchronized double spanSeconds(boolean network) {
        int[] b = network ? networkBuckets : allBuckets;
        int first = -1;
        int last = -1;
        for (int i = 0; i < b.length; i++) {
            if (b[i] > 0) {
                if (first < 0) {
                    first = i;
                }
                last = i;
            }
        }
        return first < 0 ? 0 : (last - first + 1) * BUCKET_MILLIS / 1000.0;
    }

    private void check() {
        RuntimeException f = failure;
        if (f != null) {
            throw new IllegalStateException("the output reader failed: " + f, f);
        }
    }

    /**
     * Stops the reader thread and waits up to 10 s for it. An interrupt while waiting is passed on
     * (the interrupt flag is set again) rather than thrown: try-with-resources would otherwise
     * have to deal with an InterruptedException from close, which could be suppressed and lost.
     */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
