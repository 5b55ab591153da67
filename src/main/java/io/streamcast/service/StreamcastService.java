package io.streamcast.service;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamcast.config.ServiceConfig;
import io.streamcast.config.TopologySpec;
import io.streamcast.control.ControlTopics;
import io.streamcast.control.ModelCommand;
import io.streamcast.http.ServiceView;
import io.streamcast.metrics.MetricsRegistries;
import io.streamcast.metrics.TopologyMetrics;
import io.streamcast.model.VersionedModel;
import io.streamcast.topology.ForecastTopology;
import io.streamcast.topology.OriginFilter;
import io.streamcast.training.CheckpointCompatibility;
import io.streamcast.training.NetworkSpecs;
import io.streamcast.training.NetworkTaskModels;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running service: one Kafka Streams application per topology (application id
 * {@code <applicationId>-<name>}), their metrics in one Prometheus registry. Scale-out is Kafka's:
 * more partitions, more instances with the same application ids.
 */
public final class StreamcastService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamcastService.class);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);

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

    /** One running topology. */
    public record Running(
            TopologySpec spec, KafkaStreams streams, TopologyMetrics metrics, AutoCloseable streamsMetrics) {}

    /** How the stop reason of a topology whose input topic is missing begins: a user error, not a failure. */
    public static final String MISSING_TOPIC = StreamThreadFailures.MISSING_TOPIC;

    private final Map<String, Supplier<String>> stopReasons = new ConcurrentHashMap<>();
    private final ServiceConfig config;
    private final PrometheusMeterRegistry registry;
    /**
     * Written by the starting thread, read by HTTP and scrape threads: a copy-on-write list
     * publishes each topology whole, and readers never see one half added.
     */
    private final List<Running> running = new CopyOnWriteArrayList<>();
    /** Writes commands and publishes model versions; thread-safe, shared by every topology. Null until {@link #start} creates it. */
    private volatile KafkaProducer<String, byte[]> producer;
    /** Set once {@link #start} has started every topology: commands before that are refused with "starting", not "no such topology". */
    private volatile boolean started;
    /** Null until {@link #start} has reached the broker. */
    private volatile BrokerProbe probe;

    public StreamcastService(ServiceConfig config, PrometheusMeterRegistry registry) {
        this.config = config;
        this.registry = registry;
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
        probe = BrokerProbe.start(clientProps(), Duration.ofSeconds(config.brokerTimeoutSeconds));
        Map<String, Integer> deadLetterBytes = new HashMap<>();
        Map<String, Integer> inputPartitions = new HashMap<>();
        try (Admin admin = Admin.create(clientProps())) {
            InputTopicDescriptions inputs = InputTopicDescriptions.describe(admin, specs);
            requireInputTopics(inputs, specs);
            ControlTopics.ensure(admin, config, specs);
            specs.forEach(spec -> deadLetterBytes.put(spec.name, DeadLetterTopics.ensure(admin, config, spec, inputs)));
            specs.forEach(spec -> AnomalyTopics.ensure(admin, config, spec, inputs));
            specs.forEach(spec -> inputPartitions.put(spec.name, InputPartitions.of(inputs, spec)));
        }
        producer = new KafkaProducer<>(producerProps(), new StringSerializer(), new ByteArraySerializer());
        for (TopologySpec spec : specs) {
            VersionedModel seed = seeds.containsKey(spec.name) ? seeds.get(spec.name) : Checkpoints.of(spec);
            if (seed == null) {
                seed = warmStart(spec);
            }
            TopologyMetrics metrics = new TopologyMetrics(spec.name, spec.model.cell);
            metrics.bindTo(registry);
            NetworkTaskModels models = NetworkTaskModels.forSpec(spec, seed, metrics.training())
                    .correctionProven(spec.base.correctionProven)
                    .publishingTo(new KafkaModelPublisher(producer, ControlTopics.models(config, spec), spec.name));
            Properties streamsProps = ForecastTopology.streamsConfig(config, spec, applicationServer);
            DeadLetterTopics.fitProducer(streamsProps, deadLetterBytes.get(spec.name));
            KafkaStreams streams = new KafkaStreams(
                    ForecastTopology.build(
                            spec,
                            metrics,
                            models,
                            OriginFilter.ALL,
                            ControlTopics.commands(config, spec),
                            inputPartitions.get(spec.name)),
                    streamsProps);
            StreamThreadFailures failures = new StreamThreadFailures(spec.name, spec.input);
            streams.setUncaughtExceptionHandler(failures);
            stopReasons.put(spec.name, failures::stopReason);
            AutoCloseable streamsMetrics = MetricsRegistries.bindKafkaStreams(streams, registry);
            streams.start();
            running.add(new Running(spec, streams, metrics, streamsMetrics));
            LOG.info(
                    "topology {} started: {} -> {} ({} x{} hidden {}, window {}, horizon {})",
                    spec.name,
                    spec.input,
                    spec.output,
                    spec.model.cell,
                    spec.model.layers,
                    spec.model.hidden,
                    spec.window,
                    spec.horizon);
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
                .map(Running::spec)
                .filter(s -> s.name.equals(topology))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no topology named '" + topology + "'"));
        try {
            producer.send(new ProducerRecord<>(
                            ControlTopics.commands(config, spec),
                            topology,
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
                topology,
                command.version() == null ? command.command() : command.command() + " to version " + command.version(),
                command.id());
        return command.id();
    }

    private VersionedModel warmStart(TopologySpec spec) {
        String topic = ControlTopics.models(config, spec);
        try {
            VersionedModel latest = ModelsTopicReader.latest(clientProps(), topic);
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

    /** Connection settings for the service's own clients: the bootstrap servers plus every user property (SASL, TLS). */
    /**
     * Refuses to start when a topology's input topic does not exist. Kafka Streams never creates
     * source topics: it would start, log three stack traces from its partition assignor and stop
     * the topology. Checked here, it is one line saying what to create, before anything starts.
     * Only a definite "unknown topic" refuses: a cluster that will not describe topics to this
     * client (ACLs) leaves the verdict to Streams, as before.
     */
    private void requireInputTopics(InputTopicDescriptions inputs, List<TopologySpec> specs) {
        for (TopologySpec spec : specs) {
            try {
                inputs.answer(spec.input).get(config.brokerTimeoutSeconds, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException) {
                    throw new io.streamcast.config.ConfigException(
                            "topology " + spec.name + ": its input topic '" + spec.input
                                    + "' does not exist at " + config.bootstrapServers
                                    + "; create it (e.g. kafka-topics.sh --bootstrap-server "
                                    + config.bootstrapServers + " --create --topic " + spec.input
                                    + " --partitions 4) or set input: in its topology file,"
                                    + " then start again");
                }
                LOG.debug(
                        "cannot describe input topic {} of topology {}; Kafka Streams will check it",
                        spec.input,
                        spec.name,
                        e);
            } catch (TimeoutException e) {
                LOG.debug(
                        "describing input topic {} of topology {} timed out; Kafka Streams will check it",
                        spec.input,
                        spec.name);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while checking input topics", e);
            }
        }
    }

    private Properties clientProps() {
        Properties props = new Properties();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers);
        config.kafka.forEach((k, v) -> {
            // Streams-only settings would only produce "unknown config" warnings in plain clients.
            if (!k.startsWith("replication.factor") && !k.startsWith("processing.guarantee")) {
                props.put(k, v);
            }
        });
        return props;
    }

    private Properties producerProps() {
        Properties props = clientProps();
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, ControlTopics.MAX_MODEL_BYTES);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        // Publishing runs on a stream thread: never stall it for long on an unreachable broker.
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000);
        return props;
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
        Map<String, String> reasons = new TreeMap<>();
        stopReasons.forEach((name, reason) -> {
            String why = reason.get();
            if (why != null) {
                reasons.put(name, why);
            }
        });
        return reasons;
    }

    public boolean allRunning() {
        return !running.isEmpty() && running.stream().allMatch(r -> r.streams().state() == KafkaStreams.State.RUNNING);
    }

    /**
     * Able to do its job, or starting to: the broker answers (once it has been reached) and no
     * topology has stopped. A rebalance or a restore is not a failure; {@link #ready} says when it is over.
     */
    public boolean live() {
        BrokerProbe p = probe;
        return (p == null || p.reachable())
                && running.stream()
                        .noneMatch(r -> r.streams().state() == KafkaStreams.State.ERROR
                                || r.streams().state() == KafkaStreams.State.NOT_RUNNING
                                || r.streams().state() == KafkaStreams.State.PENDING_ERROR
                                || r.streams().state() == KafkaStreams.State.PENDING_SHUTDOWN);
    }

    /** Doing its job: the broker answers and every topology is RUNNING (not starting, not rebalancing, not stopped). */
    public boolean ready() {
        BrokerProbe p = probe;
        return p != null && p.reachable() && allRunning();
    }

    /** Why the service is not ready, one line each; empty when it is. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        BrokerProbe p = probe;
        if (p == null) {
            problems.add("starting: waiting for the Kafka broker at " + config.bootstrapServers);
        } else if (!p.reachable()) {
            problems.add(p.problem());
        }
        for (Running r : running) {
            KafkaStreams.State state = r.streams().state();
            if (state != KafkaStreams.State.RUNNING) {
                String why = stopReasons.getOrDefault(r.spec().name, () -> null).get();
                problems.add("topology " + r.spec().name + " is " + state + (why == null ? "" : ": " + why));
            }
        }
        return problems;
    }

    /** The broker as last probed ({@code reachable}, {@code lastContact}, {@code error}); null before it was first reached. */
    public Map<String, Object> broker() {
        BrokerProbe p = probe;
        return p == null ? null : p.status();
    }

    public Map<String, String> states() {
        Map<String, String> states = new LinkedHashMap<>();
        running.forEach(r -> states.put(r.spec().name, r.streams().state().name()));
        return states;
    }

    public List<Running> running() {
        return List.copyOf(running);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        List<String> cleanly = new ArrayList<>();
        List<String> notCleanly = new ArrayList<>();
        for (Running r : running) {
            // Leave the group at once so a replacement instance gets the partitions without waiting out the session
            // timeout.
            boolean stopped = r.streams()
                    .close(org.apache.kafka.streams.CloseOptions.groupMembershipOperation(
                                    org.apache.kafka.streams.CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                            .withTimeout(Duration.ofSeconds(30)));
            (stopped ? cleanly : notCleanly).add(r.spec().name);
            try {
                r.streamsMetrics().close();
            } catch (Exception e) {
                LOG.debug("closing Kafka Streams metrics", e);
            }
            r.metrics().close();
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
