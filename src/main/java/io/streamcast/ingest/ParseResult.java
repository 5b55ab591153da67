package io.streamcast.ingest;

/** Either an accepted observation or the reason it was rejected. */
public sealed interface ParseResult {
    /** The raw bytes travel along so a record rejected later (duplicate or old ts) still reaches the dead-letter topic unchanged. */
    record Accepted(Observation observation, byte[] rawKey, byte[] rawValue) implements ParseResult {
        /** False when the series came from the "series" field: the record must be repartitioned by series. */
        public boolean keyedBySeries() {
            return rawKey != null && rawKey.length > 0;
        }
    }

    record Rejected(Rejection rejection) implements ParseResult {
    }
}
