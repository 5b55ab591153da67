package io.streamcast.model;

/**
 * A stored model that is not whole (truncated, or with bytes that do not match their checksum): it
 * is refused before anything loads it. An {@link IllegalArgumentException}, so a rollback to such a
 * version is refused like one to a version the store does not keep.
 */
public final class CorruptCheckpointException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public CorruptCheckpointException(String message) {
        super(message);
    }
}
