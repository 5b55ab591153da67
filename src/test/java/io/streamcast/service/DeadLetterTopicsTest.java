package io.streamcast.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.streamcast.config.ServiceConfig;
import io.streamcast.config.TopologySpec;
import io.streamcast.config.YamlConfig;
import io.streamcast.topology.ForecastTopology;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class DeadLetterTopicsTest {
    private static final String PRODUCER_LIMIT = StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);

    @Test
    void theDeadLetterTopicTakesTheInputsLargestRecordPlusItsHeaders() {
        // An input that takes 8 MB records needs a dead-letter topic that takes 8 MB plus the two headers.
        assertEquals(8 * 1024 * 1024 + DeadLetterTopics.HEADER_HEADROOM, DeadLetterTopics.required(8 * 1024 * 1024));
        // Never below what a broker-default input needs (1 MiB records plus headers).
        assertEquals(ForecastTopology.MAX_DEAD_LETTER_BYTES, DeadLetterTopics.required(1024 * 1024));
        assertEquals(ForecastTopology.MAX_DEAD_LETTER_BYTES, DeadLetterTopics.required(1000));
        assertEquals(Integer.MAX_VALUE, DeadLetterTopics.required(Integer.MAX_VALUE), "no overflow");
    }

    @Test
    void theStreamsProducerIsRaisedToTheDeadLetterSizeButNeverLowered() {
        Properties small = new Properties();
        small.put(PRODUCER_LIMIT, 2_000_000);
        DeadLetterTopics.fitProducer(small, 3_000_000);
        assertEquals(
                3_000_000, small.get(PRODUCER_LIMIT), "a dead letter the producer refused would stop the topology");

        Properties large = new Properties();
        large.put(PRODUCER_LIMIT, 64 * 1024 * 1024);
        DeadLetterTopics.fitProducer(large, 3_000_000);
        assertEquals(64 * 1024 * 1024, large.get(PRODUCER_LIMIT), "model checkpoints need the larger limit");

        // The plain client setting counts when no prefixed one is set (the user's kafka: map may hold either).
        Properties plain = new Properties();
        plain.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, "5000000");
        DeadLetterTopics.fitProducer(plain, 3_000_000);
        assertEquals(null, plain.get(PRODUCER_LIMIT));

        Properties none = new Properties();
        DeadLetterTopics.fitProducer(none, 3_000_000);
        assertEquals(3_000_000, none.get(PRODUCER_LIMIT), "above the client default of 1 MiB");
    }

    @Test
    void theServiceDefaultsAlreadyCoverABrokerDefaultInput() {
        TopologySpec spec = YamlConfig.parseTopology("""
                name: t
                step: PT1H
                period: 4
                window: 8
                horizon: 3
                model: { cell: lstm, hidden: 4, layers: 1 }
                """, List.of());
        Properties props = ForecastTopology.streamsConfig(new ServiceConfig(), spec, null);
        Object before = props.get(PRODUCER_LIMIT);
        DeadLetterTopics.fitProducer(props, DeadLetterTopics.required(1024 * 1024));
        assertEquals(before, props.get(PRODUCER_LIMIT));
    }
}
