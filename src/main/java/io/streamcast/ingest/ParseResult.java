package io.streamcast.ingest;

/** Either an accepted observation or the reason it was rejected. */
public sealed interface ParseResult {
    /** The raw bytes travel along so a record rejected later (duplicate or old ts) still reaches the dead-letter topic unchanged. */
    record Accepted(Observation observation, byte[] rawKey, byte[] rawValue) implements ParseResult {
    }

    record Rejected(Rejection rejection) implements ParseResult {
    }
}
