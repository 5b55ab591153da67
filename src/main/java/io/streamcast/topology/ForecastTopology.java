package io.streamcast.topology;

import io.streamcast.config.ServiceConfig;
import io.streamcast.config.TopologySpec;
import io.streamcast.control.ControlTopics;
import io.streamcast.ingest.AcceptedSerde;
import io.streamcast.ingest.ObservationParser;
import io.streamcast.ingest.ParseResult;
import io.streamcast.ingest.Rejection;
import io.streamcast.metrics.TopologyMetrics;
import io.streamcast.model.ModelCheckpoint;
import io.streamcast.training.TaskModelFactory;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;

/**
 * Builds the Kafka Streams topology of one forecasting topology spec. A static factory, so tests
 * build it with TopologyTestDriver and no broker:
 *
 * <pre>
 *  input ──ingest──┬─ accepted ──┬─ on its series' partition ───────┬─forecast──┬─ forecasts ──▶ output
 *                  │              └─ elsewhere ─▶ by-series topic ──┘          ├─ actuals outside their interval ──▶ anomalies
 *                  │                                                            ├─ versions it serves ──▶ models topic
 *                  │                                                            └─ old/duplicate ts ─┐
 *                  └─ rejected ──────────────────────────────────────────────────────────────────────┴▶ dead letters
 * </pre>
 *
 * <p>A record already on its series' partition is forecast by the task that read it, in the same
 * transaction; the others cross the by-series topic first, which the same tasks read back
 * ({@link #onSeriesPartitions}). A {@code partitionedBySeries} topology has no by-series topic: its
 * ingest step refuses records that are not where their series belongs ({@link SeriesPartitioning}).
 */
public final class ForecastTopology {
    /**
     * What the Streams producer takes ({@code max.request.size}) and what the dead-letter topic must
     * take ({@code max.message.bytes}): a dead letter is the record as it came plus four short headers, so
     * the largest record a producer sends at the default 1 MiB must still fit. Without the headroom
     * one such record stopped the topology (found by the fuzz test).
     */
    public static final int MAX_DEAD_LETTER_BYTES = 1024 * 1024 + 64 * 1024;

    /** The producer's batch size in bytes (see {@link #streamsConfig}); {@code kafka: producer.batch.size} overrides it. */
    static final int PRODUCER_BATCH_BYTES = 256 * 1024;

    /**
     * The input's partition count is not known: every accepted record crosses the by-series topic.
     * What the overloads without a count build, since a wrong count would create the by-series
     * topic with other partitions than the input's.
     */
    public static final int UNKNOWN_PARTITIONS = 0;

    /** StreamsConfig's deprecated DEFAULT_DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, which users may still set. */
    private static final String DEPRECATED_DESERIALIZATION_HANDLER = "default.deserialization.exception.handler";

    private ForecastTopology() {}

    /** A topology without control topics (no operator commands, no published versions): backtests and tests. */
    public static Topology build(
            TopologySpec spec, TopologyMetrics metrics, TaskModelFactory models, OriginFilter originFilter) {
        return build(spec, metrics, models, originFilter, null);
    }

    /**
     * @param control the topology's side topics ({@link ControlTopics#of}): the commands topic, read
     *     by every task through the global {@link StoreNames#COMMANDS} store (see {@link CommandFollower}),
     *     and the models topic each task publishes the versions it serves to ({@link ModelVersionOutbox});
     *     null for none
     */
    public static Topology build(
            TopologySpec spec,
            TopologyMetrics metrics,
            TaskModelFactory models,
            OriginFilter originFilter,
            ControlTopics.Names control) {
        return build(spec, metrics, models, originFilter, control, UNKNOWN_PARTITIONS);
    }

    /**
     * @param inputPartitions the input topic's partition count (1 under TopologyTestDriver): where a
     *     {@code partitionedBySeries} topology expects each series, and which records another
     *     topology forecasts without the repartition hop; {@link #UNKNOWN_PARTITIONS} when unknown
     *     (every record then crosses it)
     */
    public static Topology build(
            TopologySpec spec,
            TopologyMetrics metrics,
            TaskModelFactory models,
            OriginFilter originFilter,
            ControlTopics.Names control,
            int inputPartitions) {
        return build(spec, metrics, models, originFilter, control, inputPartitions, spec.aggregationValue() != null);
    }

    /**
     * A topology without control topics fed one reading per step already, whatever its {@code
     * aggregate} says: a backtest's file, aggregated as the topology would aggregate it live (its
     * last step too, which live would stay open until the series' next reading).
     */
    public static Topology buildOnSteps(
            TopologySpec spec, TopologyMetrics metrics, TaskModelFactory models, OriginFilter originFilter) {
        return build(spec, metrics, models, originFilter, null, UNKNOWN_PARTITIONS, false);
    }

    private static Topology build(
            TopologySpec spec,
            TopologyMetrics metrics,
            TaskModelFactory models,
            OriginFilter originFilter,
            ControlTopics.Names control,
            int inputPartitions,
            boolean aggregates) {
        Topics topics = Topics.of(spec);
        StreamsBuilder builder = new StreamsBuilder();
        boolean controlled = control != null;
        if (controlled) {
            builder.addGlobalStore(
                    CommandStoreUpdater.store(),
                    control.commands(),
                    Consumed.with(Serdes.String(), Serdes.String()).withName("model-commands-source"),
                    CommandStoreUpdater::new);
        }

        // One pace for the topology's steps: a commit one asks for commits them all (per stream thread).
        LiveCommits liveCommits = new LiveCommits(spec.batching.liveCommitMs);
        ObservationParser parser =
                new ObservationParser(spec.validation.maxRecordBytes, spec.validation.maxAbsValue, spec.zoneValue());
        KStream<String, ParseResult.Accepted> accepted = deadLetterRejected(
                builder.stream(
                                topics.observations().name(),
                                topics.observations().consumed("observations-source"))
                        .process(
                                () -> new IngestProcessor(
                                        spec.name,
                                        parser,
                                        spec.maxFutureSkewValue(),
                                        metrics.ingest(),
                                        spec.partitionedBySeries ? new SeriesPartitioning(inputPartitions) : null,
                                        liveCommits),
                                Named.as("ingest")),
                "ingest",
                "accepted",
                topics);
        if (!spec.partitionedBySeries) {
            accepted = onSeriesPartitions(accepted, inputPartitions);
        }
        if (aggregates) {
            accepted = aggregated(accepted, spec, metrics, topics);
        }
        Map<String, KStream<String, Outcome>> outcomes = accepted
                // The supplier brings the task stores the processor uses (ForecastProcessorSupplier.stores).
                .process(
                        new ForecastProcessorSupplier(spec, metrics, models, originFilter, controlled, liveCommits),
                        Named.as("forecast"))
                .split(Named.as("outcome-"))
                .branch((k, v) -> v instanceof Outcome.Forecasted, Branched.as("forecast"))
                .branch((k, v) -> v instanceof Outcome.Anomalous, Branched.as("anomaly"))
                .branch((k, v) -> v instanceof Outcome.Published, Branched.as("model-version"))
                .defaultBranch(Branched.as("dead-letter"));

        outcomes.get("outcome-forecast")
                .mapValues(v -> ((Outcome.Forecasted) v).forecast(), Named.as("forecast-message"))
                .to(topics.forecasts().name(), topics.forecasts().produced("forecasts-sink"));
        outcomes.get("outcome-anomaly")
                .mapValues(v -> ((Outcome.Anomalous) v).anomaly(), Named.as("anomaly-message"))
                .to(topics.anomalies().name(), topics.anomalies().produced("anomalies-sink"));
        toDeadLetters(
                outcomes.get("outcome-dead-letter")
                        .mapValues(v -> ((Outcome.DeadLettered) v).rejection(), Named.as("forecast-rejection")),
                topics,
                "forecast-dlq");
        if (controlled) {
            // The task's own producer writes them: under exactly once they commit with the model store.
            outcomes.get("outcome-model-version")
                    .mapValues(v -> ((Outcome.Published) v).model().toBytes(), Named.as("model-version-bytes"))
                    .to(
                            control.models(),
                            Produced.with(Serdes.String(), Serdes.ByteArray()).withName("model-versions-sink"));
        }
        return builder.build();
    }

    /**
     * Every accepted record, keyed or not, must reach its series' partition before it is forecast:
     * the input partition cannot be trusted (a "series" field may sit anywhere, and producers
     * disagree on where a key belongs: kcat hashes keys with CRC32, Java clients with murmur2), and
     * a series split over two tasks would lose its history and its duplicate check. A record
     * already there goes straight on; only the others cross the {@code by-series} topic, which the
     * same tasks read back (it has the input's partitions, and Kafka Streams gives a task partition
     * p of both). Under exactly once a record becomes visible to the next reader only when its
     * transaction commits, so a record in place waits for one commit before its forecast is
     * readable instead of two, and costs the broker no second write and read. With the input's
     * partition count unknown (a cluster that will not describe the topic), every record crosses.
     */
    private static KStream<String, ParseResult.Accepted> onSeriesPartitions(
            KStream<String, ParseResult.Accepted> accepted, int inputPartitions) {
        Repartitioned<String, ParseResult.Accepted> bySeries = Repartitioned.<String, ParseResult.Accepted>as(
                        "by-series")
                .withKeySerde(Serdes.String())
                .withValueSerde(AcceptedSerde.serde());
        if (inputPartitions == UNKNOWN_PARTITIONS) {
            return accepted.repartition(bySeries);
        }
        SeriesPartitioning placement = new SeriesPartitioning(inputPartitions);
        Map<String, KStream<String, ParseResult.Accepted>> placed = accepted.split(Named.as("placement-"))
                .branch((series, a) -> placement.inPlace(series, a.inputPartition()), Branched.as("in-place"))
                .defaultBranch(Branched.as("moved"));
        KStream<String, ParseResult.Accepted> moved =
                placed.get("placement-moved").repartition(bySeries.withNumberOfPartitions(inputPartitions));
        return placed.get("placement-in-place").merge(moved, Named.as("on-series-partition"));
    }

    /**
     * One observation per step of readings faster than the step ({@link StepAggregator}), on the
     * series' partition: the open step must be in the task that holds the series' state.
     */
    private static KStream<String, ParseResult.Accepted> aggregated(
            KStream<String, ParseResult.Accepted> readings, TopologySpec spec, TopologyMetrics metrics, Topics topics) {
        return deadLetterRejected(
                readings.process(new StepAggregatorSupplier(spec, metrics.ingest()), Named.as("aggregate")),
                "aggregate",
                "step-values",
                topics);
    }

    /**
     * Sends the rejected results of the processor named {@code step} to the dead-letter topic and
     * returns the accepted ones, named {@code acceptedName}.
     */
    private static KStream<String, ParseResult.Accepted> deadLetterRejected(
            KStream<String, ParseResult> results, String step, String acceptedName, Topics topics) {
        Map<String, KStream<String, ParseResult>> split = results.split(Named.as(step + "-"))
                .branch((k, v) -> v instanceof ParseResult.Rejected, Branched.as("rejected"))
                .defaultBranch(Branched.as("accepted"));
        toDeadLetters(
                split.get(step + "-rejected")
                        .mapValues(v -> ((ParseResult.Rejected) v).rejection(), Named.as(step + "-rejection")),
                topics,
                step + "-dlq");
        return split.get(step + "-accepted").mapValues(v -> (ParseResult.Accepted) v, Named.as(acceptedName));
    }

    /** The original key and value bytes, unchanged; the reason travels in the record headers. */
    private static void toDeadLetters(KStream<String, Rejection> rejections, Topics topics, String name) {
        rejections
                .map((k, r) -> KeyValue.pair(r.rawKey(), r.rawValue()), Named.as(name + "-raw"))
                .to(topics.deadLetters().name(), topics.deadLetters().produced(name + "-sink"));
    }

    public static Properties streamsConfig(ServiceConfig service, TopologySpec spec, String applicationServer) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, service.applicationIdOf(spec));
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, service.bootstrapServers);
        props.put(StreamsConfig.STATE_DIR_CONFIG, service.stateDir);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, service.streamThreads);
        // Exactly once: a forecast, the series state it moved, the remembered forecasts awaiting their
        // actuals, the model store and the input offsets commit in one transaction. At least once
        // would, after a crash, replay records whose state was already changelogged: they would be
        // dead-lettered as DUPLICATE_TS and their forecasts emitted twice.
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        // Under exactly once a read_committed consumer sees a forecast only at its commit, but every
        // commit also empties the stores' caches into the changelogs, so a backlog drained with
        // commits every 100 ms writes each series' records once per observation. So Kafka Streams
        // commits every second, and while records arrive live the processors ask for a commit every
        // batching.liveCommitMs (150 ms; LiveCommits). Tried on 2026-12-01 and removed when the live
        // tail stayed long; that tail was the heap resizing (a fixed heap since 2026-12-03).
        // Measured again (src/site/markdown/performance.md): the backlog drains 40-55% faster with a
        // third of the changelog bytes, and live latency is that of 100 ms commits.
        // `kafka: commit.interval.ms` sets the slow pace (at or below liveCommitMs nothing asks).
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1000);
        // Room for the cached series records and remembered forecasts of a busy task between commits (about 2 KB per
        // series).
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 64L * 1024 * 1024);
        // A poison record is dead-lettered by the ingest step; anything still undeserializable is logged and skipped,
        // not fatal.
        // Unless the user chose a handler under the key deprecated in Kafka 4.0: Streams reads that one
        // only when the new key is absent, and the user's settings win (putAll below).
        if (!service.kafka.containsKey(DEPRECATED_DESERIALIZATION_HANDLER)) {
            props.put(
                    StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                    org.apache.kafka.streams.errors.LogAndContinueExceptionHandler.class);
        }
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        props.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 5);
        // Per observation the producer writes a forecast (JSON whose timestamps repeat) and the series
        // and remembered-forecast records to changelogs, about 3 KB uncompressed. LZ4 halves what the
        // brokers store and handle for little client CPU: bench, 10,000 series, broker CPU 9-12 s
        // against 19-24 s for the drain, changelog bytes per observation 730-800 against 1,630-1,770,
        // the backlog drained 30% faster. Consumers decompress transparently.
        props.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
        // A forecast is a kilobyte or two of JSON, so the producer's default 16 KB batch held about
        // a dozen, and every batch it compresses starts with new LZ4 block buffers (about 130 KB
        // allocated and zeroed: 6% of the stream thread in a JFR profile of the bench) and costs
        // the broker a batch to validate. 256 KB batches only fill under load; the linger and the
        // commit still send whatever is waiting. Bench, 10,000 series, default against 256 KB
        // alternated (src/site/markdown/performance.md): whole backlog 10,004 / 11,484 against
        // 16,373 / 17,456 forecasts/s, stream-thread CPU 105 / 93 against 66 / 63 s, broker CPU 51
        // / 45 against 22 / 20 s.
        props.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), PRODUCER_BATCH_BYTES);
        // A forecasting task reads two partitions, the input's and the by-series topic's, and the
        // second is empty whenever producers place series where the service would (always, for
        // producers partitioning as Java clients do). With the default (0) Kafka Streams checks the
        // empty partition's fetch lag before every record and formats its trace message whether or
        // not trace is on: 4.5% of the stream thread in a JFR profile of the bench's drain. Nothing
        // here needs the two merged in timestamp order: a series' records take one path (its
        // placement), and under exactly once a record crossing the by-series topic is invisible to
        // the lag check until its transaction commits, so the wait never ordered them anyway.
        // Late records are the late policy's (README "Late data") either way.
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        // The model store's changelog carries whole checkpoints (see ModelCheckpoint.MAX_BYTES), and a
        // dead letter is its record plus two headers (MAX_DEAD_LETTER_BYTES): the larger must pass.
        props.put(
                StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
                Math.max(ModelCheckpoint.MAX_BYTES, MAX_DEAD_LETTER_BYTES));
        if (applicationServer != null) {
            props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, applicationServer);
        }
        // Kafka Streams' default client id is "<application id>-<random UUID>": every restart made
        // new metric series (client_id, thread_id tags) and the dashboards' regexes matched a UUID.
        // The application id is unique per topology and stable across restarts.
        props.put(StreamsConfig.CLIENT_ID_CONFIG, service.applicationIdOf(spec));
        // Anything the user configured wins: SASL, TLS, replication factor, timeouts.
        props.putAll(service.kafka);
        String userClientId = service.kafka.get(StreamsConfig.CLIENT_ID_CONFIG);
        if (userClientId != null) {
            // One client id for every topology would make their clients' metrics and JMX beans collide.
            props.put(StreamsConfig.CLIENT_ID_CONFIG, userClientId + "-" + spec.name);
        }
        return props;
    }
}
