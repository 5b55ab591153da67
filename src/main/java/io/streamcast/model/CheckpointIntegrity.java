package io.streamcast.model;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.deeplearning4j.util.ModelSerializer;

/**
 * Checks that checkpoint bytes are a whole DL4J checkpoint before they are loaded: a zip that ends
 * with its end-of-central-directory record (a truncated one does not), whose every entry reads
 * back with its CRC-32 matching, and that holds the configuration and the parameters. DL4J
 * itself may restore a damaged checkpoint without complaint or fail deep inside ND4J; this says
 * what is wrong in one line, in a few milliseconds, without native code.
 */
public final class CheckpointIntegrity {
    /** "PK\5\6", little-endian: the end-of-central-directory signature. */
    private static final int END_SIGNATURE = 0x06054b50;
    /** The end record's fixed length; a zip comment of up to 65,535 bytes may follow it. */
    private static final int END_LENGTH = 22;

    private static final int MAX_COMMENT = 0xFFFF;

    private CheckpointIntegrity() {}

    /** @throws CorruptCheckpointException saying what is wrong, when the bytes are not a whole checkpoint */
    public static void verify(byte[] checkpoint) {
        if (checkpoint == null || checkpoint.length < END_LENGTH) {
            throw new CorruptCheckpointException("checkpoint of " + (checkpoint == null ? 0 : checkpoint.length)
                    + " bytes is too short to be a zip");
        }
        if (!hasEndRecord(checkpoint)) {
            throw new CorruptCheckpointException(
                    "checkpoint of " + checkpoint.length + " bytes has no zip end record (truncated?)");
        }
        Set<String> entries = new HashSet<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(checkpoint))) {
            byte[] buffer = new byte[64 * 1024];
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                // Reading an entry to its end is what makes ZipInputStream compare its CRC-32.
                while (zip.read(buffer) >= 0) {
                    // discard
                }
                entries.add(entry.getName());
            }
        } catch (IOException | RuntimeException e) {
            throw new CorruptCheckpointException(
                    "checkpoint of " + checkpoint.length + " bytes is damaged: " + e.getMessage());
        }
        if (!entries.contains(ModelSerializer.CONFIGURATION_JSON)) {
            throw new CorruptCheckpointException(
                    "checkpoint has no " + ModelSerializer.CONFIGURATION_JSON + " (entries " + entries + ")");
        }
        if (!entries.contains(ModelSerializer.COEFFICIENTS_BIN)
                && !entries.contains(ModelSerializer.NO_PARAMS_MARKER)) {
            throw new CorruptCheckpointException(
                    "checkpoint has no " + ModelSerializer.COEFFICIENTS_BIN + " (entries " + entries + ")");
        }
    }

    /** Whether an end-of-central-directory record sits where one must: at the end, before at most a comment. */
    private static boolean hasEndRecord(byte[] b) {
        int lowest = Math.max(0, b.length - END_LENGTH - MAX_COMMENT);
        for (int at = b.length - END_LENGTH; at >= lowest; at--) {
            int signature =
                    (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
            int commentLength = (b[at + 20] & 0xFF) | (b[at + 21] & 0xFF) << 8;
            if (signature == END_SIGNATURE && at + END_LENGTH + commentLength == b.length) {
                return true;
            }
        }
        return false;
    }
}
