package io.streamcast.bench;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;

/**
 * The ceiling: what Kafka Streams itself costs on this broker and machine. Reads the observations,
 * moves every record to its key's partition through a repartition topic (as the forecasting
 * topology does before its processor) and copies it unchanged to the output. No parsing, no state.
 */
public final class PassThroughTopology {
    private PassThroughTopology() {}

    public static Topology build(String input, String output) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(
                        input,
                        Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("passthrough-source"))
                .repartition(Repartitioned.<byte[], byte[]>as("by-key")
                        .withKeySerde(Serdes.ByteArray())
                        .withValueSerde(Serdes.ByteArray()))
                .to(
                        output,
                        Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("passthrough-sink"));
        return builder.build();
    }
}
