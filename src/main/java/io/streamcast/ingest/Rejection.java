package io.streamcast.ingest;

/** A record that cannot be used: the original bytes go to the dead-letter topic unchanged, with the reason in headers. */
public record Rejection(byte[] rawKey, byte[] rawValue, RejectReason reason, String detail) {
    public static final String ERROR_HEADER = "streamcast.error";
    public static final String DETAIL_HEADER = "streamcast.detail";
    /**
     * The name of the topology that rejected the record: several topologies may read one input
     * topic, and each dead-letters a bad record on its own.
     */
    public static final String TOPOLOGY_HEADER = "streamcast.topology";
    /**
     * Where the record was first read, {@code topic-partition@offset}: the same for every topology
     * that rejects one input, so their dead letters can be told to be one record, not several.
     */
    public static final String SOURCE_HEADER = "streamcast.source";

    /** The {@link #SOURCE_HEADER} value of the record at {@code offset} of {@code topic}'s {@code partition}. */
    public static String source(String topic, int partition, long offset) {
        return topic + "-" + partition + "@" + offset;
    }
}
