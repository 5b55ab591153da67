package io.streamcast.cli;

import io.streamcast.config.ConfigException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;

/**
 * Refuses, in one line and before anything is sent, a feed to a topic that does not exist on
 * brokers that do not create topics on first use. Without it the producer waits for the topic's
 * metadata for {@code max.block.ms} (a minute) and then fails with Kafka's TimeoutException.
 * Where the brokers' setting cannot be read (no DescribeConfigs permission, an old broker), the
 * check stands aside and the producer's own wait decides.
 */
final class TopicPresence {
    private static final long TIMEOUT_MS = 10_000;
    private static final String AUTO_CREATE = "auto.create.topics.enable";

    private TopicPresence() {}

    static void requireCreatable(String bootstrapServers, Collection<String> topics) throws InterruptedException {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                (int) TIMEOUT_MS,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                (int) TIMEOUT_MS))) {
            Set<String> existing = admin.listTopics(new ListTopicsOptions().timeoutMs((int) TIMEOUT_MS))
                    .names()
                    .get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            List<String> missing =
                    topics.stream().filter(t -> !existing.contains(t)).toList();
            if (missing.isEmpty() || autoCreates(admin)) {
                return;
            }
            throw new ConfigException("topic " + String.join(", ", missing) + " does not exist on "
                    + bootstrapServers
                    + " and the brokers do not create topics on first use (" + AUTO_CREATE
                    + "=false): create it first (kafka-topics.sh --create --topic " + missing.get(0)
                    + " --partitions 4), or name an existing topic with --topic");
        } catch (ExecutionException | TimeoutException e) {
            // Not allowed to list topics, or the brokers are slow: the producer's metadata wait decides.
        }
    }

    /** Whether the brokers create a topic on first use; true where their configuration cannot be read. */
    private static boolean autoCreates(Admin admin) throws InterruptedException {
        try {
            Node node = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT_MS))
                    .nodes()
                    .get(TIMEOUT_MS, TimeUnit.MILLISECONDS)
                    .iterator()
                    .next();
            ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, node.idString());
            Map<ConfigResource, Config> configs =
                    admin.describeConfigs(List.of(broker)).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            ConfigEntry entry = configs.get(broker).get(AUTO_CREATE);
            return entry == null || !"false".equalsIgnoreCase(entry.value());
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            return true;
        }
    }
}
