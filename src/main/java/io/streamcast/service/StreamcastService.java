package io.streamcast.service;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamcast.config.ServiceConfig;
import io.streamcast.config.TopologySpec;
import io.streamcast.control.ControlTopics;
import io.streamcast.control.ModelCommand;
import io.streamcast.http.ServiceView;
import io.streamcast.model.VersionedModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The running service: one Kafka Streams application per topology (application id
 * {@code <applicationId>-<name>}), their metrics in one Prometheus registry. Scale-out is Kafka's:
 * more partitions, more instances with the same application ids.
 * <p>
 * This class holds the order of start and stop and answers for the whole; each step is its own
 * class: {@link BrokerProbe} (the broker answers), {@link TopicSetup} (topics checked and created),
 * {@link Seeds} (the model a topology starts from), {@link TopologyLauncher} (one topology built
 * and started), {@link ModelCommandWriter} (rollback and resume), {@link ServiceHealth} (live,
 * ready, problems) and {@link RunningTopology#close} (one topology stopped).
 */
public final class StreamcastService implements AutoCloseable {

    /**
     * How the last {@link #close} went: the topologies whose stream threads stopped within the
     * timeout and those that did not (their state may need restoring at the next start).
     */
    public record Closed(List<String> cleanly, List<String> notCleanly) {
        /** The closing line {@code run} prints, e.g. "2 topologies closed cleanly". */
        public String summary() {
            int all = cleanly.size() + notCleanly.size();
            String noun = all == 1 ? " topology" : " topologies";
            return notCleanly.isEmpty()
                    ? all + noun + " closed cleanly"
                    : cleanly.size() + " of " + all + noun + " closed cleanly; not stopped within 30 s: "
                            + String.join(", ", notCleanly);
        }
    }

    /** Set by {@link #close}; null before, or when no topology had started. */
    private volatile Closed closed;

    /** How the last close went; null before {@link #close} or when no topology had started. */
    public Closed closed() {
        return closed;
    }

    /** How the stop reason of a topology whose input topic is missing begins: a user error, not a failure. */
    public static final String MISSING_TOPIC = StreamThreadFailures.MISSING_TOPIC;

    private final ServiceConfig config;
    private final PrometheusMeterRegistry registry;
    /**
     * Written by the starting thread, read by HTTP and scrape threads: a copy-on-write list
     * publishes each topology whole, and readers never see one half added.
     */
    private final List<RunningTopology> running = new CopyOnWriteArrayList<>();
    /** Writes operator commands; thread-safe, shared by every topology. Null until {@link #start} creates it. */
    private volatile KafkaProducer<String, byte[]> producer;
    /** Null until {@link #start} has created the producer. */
    private volatile ModelCommandWriter commands;
    /** Set once {@link #start} has started every topology: commands before that are refused with "starting", not "no such topology". */
    private volatile boolean started;
    /** Null until {@link #start} has reached the broker. */
    private volatile BrokerProbe probe;

    private final ServiceHealth health;

    public StreamcastService(ServiceConfig config, PrometheusMeterRegistry registry) {
        this.config = config;
        this.registry = registry;
        this.health = new ServiceHealth(config.bootstrapServers, () -> probe, () -> running);
    }

    /**
     * Starts every topology. {@code seeds} may hold an in-memory checkpoint per topology name (the
     * demo pretrains); otherwise a topology's {@code model.checkpoint} file seeds it, if set; else
     * the newest version in its models topic (a warm start after the task state was reset).
     * Creates each topology's commands and models topics first ({@link ControlTopics}), and its
     * dead-letter topic where missing, or widens it to the input's record size ({@link DeadLetterTopics}), and its
     * anomalies topic where missing ({@link AnomalyTopics}). Before
     * anything, waits up to {@code brokerTimeoutSeconds} for the cluster to answer.
     *
     * @throws BrokerUnreachableException when it does not
     */
    public void start(List<TopologySpec> specs, Map<String, VersionedModel> seeds, String applicationServer) {
        probe = BrokerProbe.start(ClientProperties.client(config), Duration.ofSeconds(config.brokerTimeoutSeconds));
        TopicSetup.Prepared topics = TopicSetup.prepare(config, specs);
        producer = new KafkaProducer<>(
                ClientProperties.producer(config), new StringSerializer(), new ByteArraySerializer());
        commands = new ModelCommandWriter(config, producer);
        Seeds seedOf = new Seeds(config, seeds);
        TopologyLauncher launcher = new TopologyLauncher(config, registry, topics, health, applicationServer);
        for (TopologySpec spec : specs) {
            running.add(launcher.start(spec, seedOf.of(spec)));
        }
        started = true;
    }

    /**
     * Asks every task of {@code topology}, on every instance, to serve {@code version} again and pin
     * it (no promotion until {@link #resume}). See {@link #send}.
     */
    public String rollback(String topology, long version) {
        return send(topology, ModelCommand.rollback(version));
    }

    /** Asks every task of {@code topology}, on every instance, to lift the pin of a rollback. See {@link #send}. */
    public String resume(String topology) {
        return send(topology, ModelCommand.resume());
    }

    /**
     * Writes {@code command} to the topology's commands topic and waits for the broker's ack: the
     * command is durable from then on, and a pin it sets survives restarts. Each task applies it on
     * its own thread at its next punctuation ({@code batching.maxDelayMs}); a task without the
     * version of a rollback logs a warning and keeps serving.
     *
     * @return the command's id
     * @throws IllegalArgumentException for an unknown topology
     * @throws IllegalStateException while the service is still starting, or when the command could not be written (retry later)
     */
    public String send(String topology, ModelCommand command) {
        if (!started) {
            // HTTP answers from the first moment; the topologies and the producer come later.
            throw new IllegalStateException(ServiceView.STARTING);
        }
        TopologySpec spec = running.stream()
                .map(RunningTopology::spec)
                .filter(s -> s.name.equals(topology))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no topology named '" + topology + "'"));
        commands.write(spec, command);
        return command.id();
    }

    /** Whether {@link #start} has started every topology: before that, the HTTP API answers 503 "still starting". */
    public boolean started() {
        return started;
    }

    /** Blocks until every topology is RUNNING or the timeout passes; returns whether all are. */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (allRunning()) {
                return true;
            }
            Thread.sleep(100);
        }
        return allRunning();
    }

    /**
     * Why each topology that stopped for good stopped (a failure that kept coming back, a missing
     * input topic), by topology name; empty while all run.
     */
    public Map<String, String> stopped() {
        return health.stopped();
    }

    public boolean allRunning() {
        return health.allRunning();
    }

    /**
     * Able to do its job, or starting to: the broker answers (once it has been reached) and no
     * topology has stopped. A rebalance or a restore is not a failure; {@link #ready} says when it is over.
     */
    public boolean live() {
        return health.live();
    }

    /** Doing its job: the broker answers and every topology is RUNNING (not starting, not rebalancing, not stopped). */
    public boolean ready() {
        return health.ready();
    }

    /** Why the service is not ready, one line each; empty when it is. */
    public List<String> problems() {
        return health.problems();
    }

    /** The broker as last probed ({@code reachable}, {@code lastContact}, {@code error}); null before it was first reached. */
    public Map<String, Object> broker() {
        return health.broker();
    }

    public Map<String, String> states() {
        return health.states();
    }

    public List<RunningTopology> running() {
        return List.copyOf(running);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        List<String> cleanly = new ArrayList<>();
        List<String> notCleanly = new ArrayList<>();
        for (RunningTopology r : running) {
            (r.close() ? cleanly : notCleanly).add(r.name());
        }
        running.clear();
        if (!cleanly.isEmpty() || !notCleanly.isEmpty()) {
            closed = new Closed(List.copyOf(cleanly), List.copyOf(notCleanly));
        }
        if (probe != null) {
            probe.close();
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(10));
            producer = null;
        }
    }
}
