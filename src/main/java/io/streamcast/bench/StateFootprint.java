package io.streamcast.bench;

import io.streamcast.config.ServiceConfig;
import io.streamcast.config.TopologySpec;
import io.streamcast.series.SeriesState;
import io.streamcast.series.SeriesStateSerde;
import io.streamcast.series.SmoothingParams;
import io.streamcast.service.StreamcastService;
import io.streamcast.topology.StoreNames;
import io.streamcast.training.NetworkSpecs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a run's state costs, per observation and per series: the bytes the service's producers
 * wrote (changelogs among them), what its topics and RocksDB directories hold afterwards, and the
 * size of a series record that keeps its whole capacity of values against those values' raw bytes
 * (the performance issue's state target).
 */
final class StateFootprint {
    private StateFootprint() {}

    /**
     * What the service's Kafka Streams producers sent, per topic (producer-topic-metrics
     * {@code byte-total}, {@code record-send-total}): the bytes written, which compaction of a
     * changelog on the broker cannot hide. Per observation, for changelogs and in total.
     */
    static Map<String, Object> written(StreamcastService streamcast, String appId, long observations) {
        Map<String, double[]> byTopic = new TreeMap<>();
        StreamsMetricSums.forEach(streamcast, "producer-topic-metrics", (name, value) -> {
            String topic = name.tags().get("topic");
            int slot = "byte-total".equals(name.name()) ? 0 : "record-send-total".equals(name.name()) ? 1 : -1;
            if (topic != null && slot >= 0) {
                byTopic.computeIfAbsent(topic, t -> new double[2])[slot] += value;
            }
        });
        Map<String, Object> out = new LinkedHashMap<>();
        double changelog = 0;
        Map<String, Object> topics = new LinkedHashMap<>();
        for (var e : byTopic.entrySet()) {
            String topic = e.getKey().startsWith(appId + "-") ? e.getKey().substring(appId.length() + 1) : e.getKey();
            double[] v = e.getValue();
            topics.put(
                    topic,
                    Map.of(
                            "bytes",
                            v[0],
                            "records",
                            v[1],
                            "bytesPerRecord",
                            v[1] == 0 ? Double.NaN : v[0] / v[1],
                            "bytesPerObservation",
                            v[0] / observations));
            if (topic.endsWith("-changelog")) {
                changelog += v[0];
            }
        }
        out.put("changelogBytesPerObservation", changelog / observations);
        out.put("topics", topics);
        return out;
    }

    /** Changelog, repartition and input topic sizes, and the RocksDB directories, per observation and per series. */
    static Map<String, Object> sizes(
            String bootstrapServers,
            TopologySpec spec,
            ServiceConfig service,
            long observations,
            StreamingBench.Config c)
            throws Exception {
        String appId = service.applicationIdOf(spec);
        Map<String, TopicSizes.Size> sizes = TopicSizes.of(bootstrapServers, List.of(appId + "-", spec.input));
        Map<String, Object> out = new LinkedHashMap<>();
        long changelogBytes = 0;
        Map<String, Object> changelogs = new LinkedHashMap<>();
        for (var e : sizes.entrySet()) {
            String topic = e.getKey();
            TopicSizes.Size s = e.getValue();
            if (topic.endsWith("-changelog")) {
                changelogBytes += s.bytes();
                String store = topic.substring(appId.length() + 1, topic.length() - "-changelog".length());
                changelogs.put(
                        store,
                        Map.of(
                                "bytes",
                                s.bytes(),
                                "records",
                                s.records(),
                                "bytesPerRecord",
                                s.bytesPerRecord(),
                                "bytesPerObservation",
                                (double) s.bytes() / observations));
            } else if (topic.endsWith("-repartition")) {
                out.put("repartitionBytesPerObservation", (double) s.bytes() / observations);
            } else if (topic.equals(spec.input)) {
                out.put("inputBytesPerObservation", (double) s.bytes() / observations);
            }
        }
        // On the broker: a changelog the log cleaner compacted holds less than was written (see "written").
        out.put("changelogBytesPerObservation", (double) changelogBytes / observations);
        out.put("changelogs", changelogs);
        TopicSizes.Size series = sizes.get(appId + "-" + StoreNames.SERIES + "-changelog");
        // Raw size of what a series' state must hold: its values (8 bytes each) over the state's capacity.
        int capacity = NetworkSpecs.encoder(spec).stateCapacity();
        out.put("seriesStateRecordBytes", series == null ? Double.NaN : series.bytesPerRecord());
        out.put("seriesRawBytes", capacity * 8);
        out.put("seriesStateFullRecordBytes", fullRecordBytes(spec, c, capacity));
        long disk = directoryBytes(Path.of(service.stateDir));
        out.put("stateDirBytes", disk);
        out.put("stateDirBytesPerSeries", (double) disk / c.series());
        out.put("stateDirBytesPerObservation", (double) disk / observations);
        return out;
    }

    /**
     * The series record of one of this run's series once it keeps its whole capacity of values
     * (what a series writes per observation for the rest of its life; the replayed series may stop
     * short of it): the "state per series within 2x its raw size" is this over
     * {@code seriesRawBytes}. Its size depends on the shape (capacity, season, alternatives), not
     * on the smoothing constants, so the topology's own are not needed.
     */
    static int fullRecordBytes(TopologySpec spec, StreamingBench.Config c, int capacity) {
        SmoothingParams own = new SmoothingParams(0.2, 0.05, 0.3, 0.9, true);
        SmoothingParams[] alternatives = spec.base.alternativeParams(own, spec.baseAdapts());
        SyntheticSeries synthetic = new SyntheticSeries(1, c.period(), 7);
        SeriesState state = new SeriesState(c.period(), true);
        for (int t = 0; t < capacity + 10 * c.period(); t++) {
            state.append(
                    SyntheticSeries.ts(t).toEpochMilli(),
                    synthetic.value(0, t),
                    null,
                    capacity,
                    c.period(),
                    c.horizon(),
                    own,
                    alternatives);
        }
        state.queueOrigin(SyntheticSeries.ts(capacity).toEpochMilli());
        return SeriesStateSerde.serde().serializer().serialize(spec.name, state).length;
    }

    private static long directoryBytes(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(f -> f.toFile().length())
                    .sum();
        } catch (IOException | UncheckedIOException e) {
            return -1;
        }
    }
}
