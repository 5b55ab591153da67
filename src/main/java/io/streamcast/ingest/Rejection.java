package io.streamcast.ingest;

/** A record that cannot be used: the original bytes go to the dead-letter topic unchanged, with the reason in headers. */
public record Rejection(byte[] rawKey, byte[] rawValue, RejectReason reason, String detail) {
    public static final String ERROR_HEADER = "streamcast.error";
    public static final String DETAIL_HEADER = "streamcast.detail";
}
