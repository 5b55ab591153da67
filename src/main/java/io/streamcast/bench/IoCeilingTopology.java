package io.streamcast.bench;

import io.streamcast.emit.Forecast;
import io.streamcast.emit.ForecastPoint;
import io.streamcast.emit.ForecastSerde;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The second ceiling: what Kafka Streams costs for the I/O every forecaster under the contract does,
 * without forecasting. Per record, what the pass-through does, plus read and rewrite a value in each
 * of the given changelogged, cached RocksDB stores (as the service's stores are built; values of the
 * sizes Streamcast's own run wrote, each rewritten whole, as a series' state is) and emit one
 * forecast message written by the service's own writer (horizon points with bounds, numbers at the
 * forecast's precision: {@code ForecastNumbers}) in place of the record. No parsing, no smoothing, no network, no online learning.
 *
 * <p>Why it exists: the pass-through copies 60-byte records without state, and the ratio against it
 * says how far a forecaster is from free. This one says how much of that distance is the contract's
 * (one JSON forecast per observation, state that survives a crash) and how much is Streamcast's.
 */
public final class IoCeilingTopology {
    /** Names of the stores, one per entry of the value sizes given to {@link #build}. */
    static final String STORE_PREFIX = "io-ceiling-store-";

    private IoCeilingTopology() {}

    /**
     * @param valueBytes the size of the value each record rewrites in each store (one store per entry)
     * @param horizon    forecast points per emitted message
     * @param step       the series' step, for the points' timestamps
     */
    public static Topology build(String input, String output, List<Integer> valueBytes, int horizon, Duration step) {
        StreamsBuilder builder = new StreamsBuilder();
        String[] names = new String[valueBytes.size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = STORE_PREFIX + i;
            builder.addStateStore(Stores.keyValueStoreBuilder(
                            Stores.persistentKeyValueStore(names[i]), Serdes.Bytes(), Serdes.ByteArray())
                    .withCachingEnabled());
        }
        int[] sizes = valueBytes.stream().mapToInt(Integer::intValue).toArray();
        builder.stream(
                        input,
                        Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("io-ceiling-source"))
                .processValues(() -> new ForecasterIo(names, sizes, horizon, step), names)
                .to(
                        output,
                        Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("io-ceiling-sink"));
        return builder.build();
    }

    /** One task's stores and a source of forecast-like numbers. */
    private static final class ForecasterIo implements FixedKeyProcessor<byte[], byte[], byte[]> {
        private final String[] names;
        private final int[] sizes;
        private final int horizon;
        private final long stepMillis;
        private final KeyValueStore<Bytes, byte[]>[] stores;
        // Fixed seed: the same bytes, so the same compression, from run to run.
        private final Random random = new Random(20261203);
        private FixedKeyProcessorContext<byte[], byte[]> context;

        @SuppressWarnings("unchecked")
        ForecasterIo(String[] names, int[] sizes, int horizon, Duration step) {
            this.names = names;
            this.sizes = sizes;
            this.horizon = horizon;
            this.stepMillis = step.toMillis();
            this.stores = new KeyValueStore[names.length];
        }

        @Override
        public void init(FixedKeyProcessorContext<byte[], byte[]> context) {
            this.context = context;
            for (int i = 0; i < names.length; i++) {
                stores[i] = context.getStateStore(names[i]);
            }
        }

        @Override
        public void process(FixedKeyRecord<byte[], byte[]> record) {
            Bytes key = Bytes.wrap(record.key());
            for (int i = 0; i < stores.length; i++) {
                byte[] old = stores[i].get(key);
                byte[] value;
                if (old == null) {
                    // Random bytes: a series' state is mostly floats, which LZ4 hardly compresses.
                    value = new byte[sizes[i]];
                    random.nextBytes(value);
                } else {
                    value = old.clone();
                    value[random.nextInt(value.length)]++;
                }
                stores[i].put(key, value);
            }
            context.forward(record.withValue(ForecastSerde.toBytes(forecast(record))));
        }

        private Forecast forecast(FixedKeyRecord<byte[], byte[]> record) {
            Instant origin = Instant.ofEpochMilli(record.timestamp());
            double level = 100 * random.nextDouble();
            List<ForecastPoint> points = new ArrayList<>(horizon);
            for (int h = 1; h <= horizon; h++) {
                double value = level + random.nextGaussian();
                double half = 1 + random.nextDouble();
                points.add(new ForecastPoint(h, origin.plusMillis(h * stepMillis), value, value - half, value + half));
            }
            String series = record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
            return new Forecast(series, origin, "gru", 1, "io-ceiling", points);
        }
    }
}
