package io.streamcast.testing;

import io.streamcast.config.TopologySpec;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;

/** The real single-node KRaft cluster integration tests run against: one per test class. */
public final class TestKafka {
    private TestKafka() {}

    /** Starts a combined broker/controller pinned to the latest production metadata version and waits until it is ready. */
    public static KafkaClusterTestKit start() throws Exception {
        return start(SecurityProtocol.PLAINTEXT, Map.of());
    }

    /**
     * The same cluster with its listeners on {@code protocol} (the test kit's own clients then use
     * SASL/PLAIN as {@code plain-admin}) and {@code brokerProps} added to its configuration.
     */
    public static KafkaClusterTestKit start(SecurityProtocol protocol, Map<String, String> brokerProps)
            throws Exception {
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                        .setCombined(true)
                        .setNumBrokerNodes(1)
                        .setNumControllerNodes(1)
                        .setBrokerSecurityProtocol(protocol)
                        .setControllerSecurityProtocol(protocol)
                        .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
                        .build())
                // One broker: internal topics cannot ask for more replicas than that.
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0");
        brokerProps.forEach(builder::setConfigProp);
        KafkaClusterTestKit cluster = builder.build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        return cluster;
    }

    /** Creates the input (with {@code inputPartitions}), output and dead-letter topics of a topology. */
    public static void createTopics(KafkaClusterTestKit cluster, TopologySpec spec, int inputPartitions)
            throws Exception {
        try (Admin admin = cluster.admin()) {
            admin.createTopics(List.of(
                            new NewTopic(spec.input, inputPartitions, (short) 1),
                            new NewTopic(spec.output, 1, (short) 1),
                            new NewTopic(spec.deadLetter, 1, (short) 1)))
                    .all()
                    .get();
        }
    }
}
