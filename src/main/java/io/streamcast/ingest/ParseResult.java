package io.streamcast.ingest;

/** Either an accepted observation or the reason it was rejected. */
public sealed interface ParseResult {
    /**
     * The raw bytes travel along so a record rejected later (duplicate or old ts) still reaches the
     * dead-letter topic unchanged, and so does its position in the input topic (partition and
     * offset; {@link #UNKNOWN} before the ingest step sets it), the dead letter's source.
     */
    record Accepted(Observation observation, byte[] rawKey, byte[] rawValue, int inputPartition, long inputOffset)
            implements ParseResult {
        /** The position of an observation not read from the input topic (yet). */
        public static final int UNKNOWN = -1;

        public Accepted(Observation observation, byte[] rawKey, byte[] rawValue) {
            this(observation, rawKey, rawValue, UNKNOWN, UNKNOWN);
        }

        /** This observation as read at {@code offset} of the input's {@code partition}. */
        public Accepted readAt(int partition, long offset) {
            return new Accepted(observation, rawKey, rawValue, partition, offset);
        }

        public boolean inputPositionKnown() {
            return inputPartition >= 0 && inputOffset >= 0;
        }
    }

    record Rejected(Rejection rejection) implements ParseResult {}
}
