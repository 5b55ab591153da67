package io.streamcast.service;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the Kafka cluster answers: a metadata request ({@code describeCluster}) every
 * {@value #INTERVAL_MILLIS} ms on a daemon thread. Kafka Streams stays RUNNING while its broker
 * is gone (its clients just retry), so readiness asks this too. The cluster counts as reachable
 * while the last answer is at most {@link #STALE_AFTER} old: one slow probe on a busy machine
 * does not flip readiness, an outage does within seconds. Transitions are logged once each.
 */
final class BrokerProbe implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerProbe.class);
    static final long INTERVAL_MILLIS = 2000;
    private static final int REQUEST_TIMEOUT_MILLIS = 3000;
    static final Duration STALE_AFTER = Duration.ofSeconds(8);
    private static final String NETWORK_CLIENT_LOGGER = "org.apache.kafka.clients.NetworkClient";

    private final String bootstrapServers;
    private final Admin admin;
    private final ScheduledExecutorService executor;
    private volatile Instant lastAnswer;
    private volatile String lastError;
    private volatile boolean reportedDown;

    /** Set when the cluster refused the credentials or the access (startup gives up at once then). */
    private volatile KafkaException refusal;

    private BrokerProbe(Properties clientProps) {
        this.bootstrapServers = clientProps.getProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG);
        this.admin = Admin.create(probeProps(clientProps));
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "streamcast-broker-probe");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Waits until the cluster answers, for at most {@code timeout}, then probes it in the background.
     *
     * @throws BrokerUnreachableException when it has not answered within {@code timeout}
     */
    static BrokerProbe start(Properties clientProps, Duration timeout) {
        BrokerProbe probe;
        try {
            probe = new BrokerProbe(clientProps);
        } catch (KafkaException e) {
            throw new BrokerUnreachableException("cannot reach the Kafka broker at "
                    + clientProps.getProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG) + ": " + oneLine(e)
                    + "; check bootstrapServers (or --bootstrap-servers)");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        // While only the probe talks to the cluster, its connection warnings would repeat what the one line below says.
        Runnable restoreLogging = quietConnectionWarnings();
        try {
            probe.awaitFirstAnswer(deadline, timeout);
        } finally {
            restoreLogging.run();
        }
        probe.executor.scheduleWithFixedDelay(
                probe::probeAndReport, INTERVAL_MILLIS, INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
        return probe;
    }

    private void awaitFirstAnswer(long deadline, Duration timeout) {
        BrokerProbe probe = this;
        while (!probe.probe((int)
                Math.max(100, Math.min(REQUEST_TIMEOUT_MILLIS, (deadline - System.nanoTime()) / 1_000_000)))) {
            if (probe.refusal != null) {
                // The cluster answered, with a no: waiting will not change the credentials.
                probe.close();
                throw probe.refusal;
            }
            if (System.nanoTime() > deadline) {
                String why = probe.lastError;
                probe.close();
                throw new BrokerUnreachableException(
                        "cannot reach the Kafka broker at " + probe.bootstrapServers + " within "
                                + timeout.toSeconds() + " s (" + why
                                + "); check bootstrapServers (or --bootstrap-servers) and that the "
                                + "broker runs, or wait longer with brokerTimeoutSeconds (--broker-timeout)");
            }
            sleep(Math.min(500, Math.max(0, (deadline - System.nanoTime()) / 1_000_000)));
        }
    }

    /** Raises the Kafka network client's log level to ERROR (when logging is logback); returns what restores it. */
    private static Runnable quietConnectionWarnings() {
        if (!(LoggerFactory.getLogger(NETWORK_CLIENT_LOGGER) instanceof ch.qos.logback.classic.Logger logger)) {
            return () -> {};
        }
        ch.qos.logback.classic.Level before = logger.getLevel();
        logger.setLevel(ch.qos.logback.classic.Level.ERROR);
        return () -> logger.setLevel(before);
    }

    /** Whether the cluster answered within the last {@link #STALE_AFTER}. */
    boolean reachable() {
        Instant last = lastAnswer;
        return last != null && Duration.between(last, Instant.now()).compareTo(STALE_AFTER) <= 0;
    }

    /** What {@code /health} and {@code /ready} show: reachable, the last answer, the last error while unreachable. */
    Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        boolean reachable = reachable();
        status.put("bootstrapServers", bootstrapServers);
        status.put("reachable", reachable);
        status.put("lastContact", lastAnswer == null ? null : lastAnswer.toString());
        if (!reachable) {
            status.put("error", lastError);
        }
        return status;
    }

    /** One line for a not-ready reply: why the cluster counts as unreachable. */
    String problem() {
        Instant last = lastAnswer;
        return "the Kafka broker at " + bootstrapServers + " has not answered "
                + (last == null
                        ? "yet"
                        : "for " + Duration.between(last, Instant.now()).toSeconds() + " s")
                + (lastError == null ? "" : " (" + lastError + ")");
    }

    private void probeAndReport() {
        boolean wasReachable = !reportedDown;
        probe(REQUEST_TIMEOUT_MILLIS);
        boolean now = reachable();
        if (wasReachable && !now) {
            reportedDown = true;
            LOG.warn("{}; /ready and /health answer 503 until it does", problem());
        } else if (!wasReachable && now) {
            reportedDown = false;
            LOG.info("the Kafka broker at {} answers again", bootstrapServers);
        }
    }

    /** One metadata round trip of at most {@code timeoutMillis}; true when the cluster answered. */
    private boolean probe(int timeoutMillis) {
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMillis))
                    .clusterId()
                    .get(timeoutMillis + 1000L, TimeUnit.MILLISECONDS);
            lastAnswer = Instant.now();
            lastError = null;
            return true;
        } catch (ExecutionException e) {
            lastError = oneLine(e.getCause());
            KafkaException refused = KafkaRefusals.find(e.getCause());
            if (refused != null) {
                refusal = refused;
            }
        } catch (TimeoutException e) {
            lastError = "no answer within " + timeoutMillis + " ms";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            lastError = "interrupted";
        } catch (RuntimeException e) {
            lastError = oneLine(e);
        }
        return false;
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage() == null
                ? ""
                : ": " + e.getMessage().lines().findFirst().orElse("");
        return e.getClass().getSimpleName() + message;
    }

    private static Properties probeProps(Properties clientProps) {
        Properties props = new Properties();
        props.putAll(clientProps);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "streamcast-broker-probe");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Integer.toString(REQUEST_TIMEOUT_MILLIS));
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Integer.toString(REQUEST_TIMEOUT_MILLIS));
        // Reconnect at least every 2 s, so readiness comes back soon after the broker does.
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "2000");
        return props;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerUnreachableException("interrupted while waiting for the Kafka broker");
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        admin.close(Duration.ofSeconds(2));
    }
}
