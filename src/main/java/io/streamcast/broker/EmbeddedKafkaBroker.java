package io.streamcast.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one process) for {@code demo}
 * and {@code broker}: no Docker, no separate install. Everything lives under one directory; a
 * directory that is already formatted is reused, so topics and records survive a restart.
 *
 * <p>Limits: one node, replication factor 1, plaintext on 127.0.0.1 only. Not for production.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
    private static final String HOST = "127.0.0.1";
    private static final int NODE_ID = 1;
    /** The controller port chosen at format time: the quorum's voter set records it, so a restart binds it again when it can. */
    static final String CONTROLLER_PORT_FILE = "controller.port";

    private final KafkaRaftServer server;
    private final int port;
    private boolean closed;

    private EmbeddedKafkaBroker(KafkaRaftServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /**
     * Starts a broker on {@code 127.0.0.1:port} with its data under {@code logDir}, formatting the
     * directory first if it is new. Returns once the broker accepts clients.
     *
     * @param port 0 picks a free port
     */
    public static EmbeddedKafkaBroker start(int port, Path logDir) {
        try {
            Files.createDirectories(logDir);
            Path dataDir = logDir.toAbsolutePath().resolve("data");
            requireNotInUse(logDir, dataDir);
            requirePortFree(port);
            boolean formatted = Files.exists(dataDir.resolve("meta.properties"));
            int brokerPort = port == 0 ? freePort() : port;
            int controllerPort =
                    formatted ? controllerPortForRestart(logDir, brokerPort) : freePortOtherThan(brokerPort);
            Properties props = config(brokerPort, controllerPort, dataDir);
            if (!formatted) {
                Files.createDirectories(dataDir);
                format(props, logDir);
                Files.writeString(logDir.resolve(CONTROLLER_PORT_FILE), Integer.toString(controllerPort));
            }
            KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props), Time.SYSTEM);
            try {
                server.startup();
            } catch (RuntimeException e) {
                server.shutdown();
                server.awaitShutdown();
                // Kafka's top message is "fatal error while waiting for acceptors"; the cause says which port is taken.
                throw new KafkaException("cannot start the Kafka broker: " + innermostMessage(e), e);
            }
            return new EmbeddedKafkaBroker(server, brokerPort);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the broker directory " + logDir, e);
        }
    }

    /**
     * Refuses a directory another broker runs on, in one line, before Kafka would: it logs a fatal
     * error and a page of stack trace, then gives up. Kafka holds a file lock on {@code .lock} in
     * its data directory while it runs; taking that lock for a moment tells whether it is held. (A
     * broker that starts between this check and ours still gets Kafka's own refusal.)
     */
    private static void requireNotInUse(Path logDir, Path dataDir) throws IOException {
        Path lockFile = dataDir.resolve(".lock");
        if (!Files.exists(lockFile)) {
            return;
        }
        boolean held;
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            held = lock == null;
            if (lock != null) {
                lock.release();
            }
        } catch (OverlappingFileLockException e) {
            // Held by a broker in this very JVM.
            held = true;
        }
        if (held) {
            throw new IllegalArgumentException("the broker directory " + logDir.toAbsolutePath()
                    + " is in use by another running broker (it holds " + lockFile
                    + "); stop that broker, or give this one its own --dir");
        }
    }

    /**
     * Refuses a client port something already listens on, in one line, before Kafka would: it
     * logs a fatal error and a page of stack trace ("Socket server failed to bind"), then gives
     * up. Binding the port for a moment tells whether it is free. (Something that takes it between
     * this check and the broker's own bind still gets Kafka's refusal.)
     */
    private static void requirePortFree(int port) {
        if (port == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(HOST, port));
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "port " + port + " on " + HOST
                            + " is in use (another broker, or another program, listens there); stop it, or give this broker another --port");
        }
    }

    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    /** The client port: {@code start(port(), sameDir)} after {@link #close} brings the same broker back, topics and records included. */
    public int port() {
        return port;
    }

    /**
     * Creates the topics (existing ones are left alone) and returns once the broker leads every
     * partition of them, so clients that start right after find leaders in place. It does not
     * make a producer's first batch safe: the broker can still refuse it as NOT_LEADER_OR_FOLLOWER
     * a moment later (seen by the bench after this returned), which is why the replayer sends each
     * partition's first record alone (KAFKA-15591).
     */
    public void createTopics(Collection<String> names, int partitions) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            List<NewTopic> topics = names.stream()
                    .map(n -> new NewTopic(n, partitions, (short) 1))
                    .toList();
            for (var result : admin.createTopics(topics).values().entrySet()) {
                try {
                    result.getValue().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new KafkaException(
                                "cannot create topic " + result.getKey() + ": "
                                        + e.getCause().getMessage(),
                                e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while creating topics " + names, e);
        }
        awaitLeaders(names);
    }

    /** Waits until every partition of {@code topics} answers a list-offsets request, which only its leader does. */
    private void awaitLeaders(Collection<String> topics) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                consumer.partitionsFor(topic, Duration.ofSeconds(30))
                        .forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
            }
            consumer.endOffsets(partitions, Duration.ofSeconds(30));
        }
    }

    /** Shuts down cleanly (logs flushed, offsets checkpointed) and waits for it. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.shutdown();
        server.awaitShutdown();
    }

    private static Properties config(int brokerPort, int controllerPort, Path dataDir) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(NODE_ID));
        // Dynamic quorum (formatted with --standalone): this node is its own only voter.
        p.put("controller.quorum.bootstrap.servers", HOST + ":" + controllerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listeners", "PLAINTEXT://" + HOST + ":" + brokerPort + ",CONTROLLER://" + HOST + ":" + controllerPort);
        p.put(
                "advertised.listeners",
                "PLAINTEXT://" + HOST + ":" + brokerPort + ",CONTROLLER://" + HOST + ":" + controllerPort);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", dataDir.toString());
        // One node: internal topics cannot have more replicas than that.
        p.put("offsets.topic.replication.factor", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("min.insync.replicas", "1");
        p.put("default.replication.factor", "1");
        // Few internal partitions: creating 50 of them on first use is what makes the first consumer slow.
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.num.partitions", "1");
        // A lone consumer should not wait 3 s for company before it gets its partitions.
        p.put("group.initial.rebalance.delay.ms", "0");
        // Transactions v2: a producer begins its next transaction as soon as the coordinator has
        // prepared the commit, before the commit markers are written. The first batch of the next
        // transaction to a partition then waits on this broker for the coordinator to finish the
        // previous one, but by default only 100 ms; past that the broker answers
        // CONCURRENT_TRANSACTIONS, the producer's later batches to that partition (already in flight)
        // are refused as out of order, and the broker logs each refusal at ERROR. On a few busy cores
        // (the demo warm-starts networks while its topologies start) writing the markers can take
        // longer, so the wait is raised; the broker caps it at its request.timeout.ms (30 s). Nothing
        // is lost either way: the producer retries. This only spares the client retries and the log.
        p.put("add.partitions.to.txn.retry.backoff.max.ms", "5000");
        p.put("auto.create.topics.enable", "true");
        // The default 128 MiB compaction buffer is meant for big brokers; changelogs of a demo need little.
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
        return p;
    }

    /** Runs {@code kafka-storage format --standalone}; its chatter is kept and shown only if it fails. */
    private static void format(Properties props, Path logDir) throws IOException {
        // The tool reads a properties file; it is only for this run (ports may differ next start), so it goes away
        // after.
        Path configFile = Files.createTempFile(logDir, "format", ".properties");
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int rc;
        try {
            try (OutputStream out = Files.newOutputStream(configFile)) {
                props.store(out, null);
            }
            try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
                rc = StorageTool.execute(
                        new String[] {
                            "format",
                            "--config",
                            configFile.toString(),
                            "--cluster-id",
                            Uuid.randomUuid().toString(),
                            "--standalone"
                        },
                        print);
            }
        } finally {
            Files.deleteIfExists(configFile);
        }
        if (rc != 0) {
            throw new KafkaException("formatting " + logDir + " failed: "
                    + output.toString(StandardCharsets.UTF_8).trim());
        }
    }

    /**
     * The port recorded at format time if it is still free. Otherwise any free port: a lone voter
     * elects itself whatever its address (checked with Kafka 4.3), so a taken port must not stop a restart.
     */
    private static int controllerPortForRestart(Path logDir, int brokerPort) throws IOException {
        Path file = logDir.resolve(CONTROLLER_PORT_FILE);
        if (Files.exists(file)) {
            int stored = Integer.parseInt(Files.readString(file).trim());
            if (stored != brokerPort && isFree(stored)) {
                return stored;
            }
        }
        return freePortOtherThan(brokerPort);
    }

    /**
     * A free port that is not {@code taken}: the broker's own port is chosen free but not yet bound
     * when the controller's is chosen, and the system may hand out the same one twice (Kafka then
     * refuses two listeners on one port; seen once in BrokerOutageIT).
     */
    private static int freePortOtherThan(int taken) throws IOException {
        int port = freePort();
        while (port == taken) {
            port = freePort();
        }
        return port;
    }

    private static boolean isFree(int port) {
        try {
            new ServerSocket(port, 1, InetAddress.getByName(HOST)).close();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The deepest message in the cause chain, or its parent's when that one repeats it with more context. */
    private static String innermostMessage(Throwable e) {
        Throwable parent = e;
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            parent = cause;
            cause = cause.getCause();
        }
        String message = String.valueOf(cause.getMessage());
        return parent.getMessage() != null && parent.getMessage().contains(message) ? parent.getMessage() : message;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        }
    }
}
