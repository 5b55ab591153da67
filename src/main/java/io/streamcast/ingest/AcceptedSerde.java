package io.streamcast.ingest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Binary serde for accepted observations on the internal by-series repartition topic. The input
 * position comes last, so a record written before it travelled here (it had a source header
 * instead) still reads, with the position unknown.
 */
public final class AcceptedSerde {
    private AcceptedSerde() {}

    public static Serde<ParseResult.Accepted> serde() {
        Serializer<ParseResult.Accepted> ser = (topic, a) -> a == null ? null : toBytes(a);
        Deserializer<ParseResult.Accepted> de = (topic, b) -> b == null ? null : fromBytes(b);
        return Serdes.serdeFrom(ser, de);
    }

    static byte[] toBytes(ParseResult.Accepted a) {
        try {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(b);
            Observation o = a.observation();
            // Length-prefixed UTF-8, not writeUTF: that one fails on series ids over 64 KiB of modified UTF-8.
            writeBytes(out, o.series().getBytes(StandardCharsets.UTF_8));
            out.writeLong(o.ts().getEpochSecond());
            out.writeInt(o.ts().getNano());
            out.writeDouble(o.value());
            writeBytes(out, a.rawKey());
            writeBytes(out, a.rawValue());
            out.writeInt(a.inputPartition());
            out.writeLong(a.inputOffset());
            return b.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ParseResult.Accepted fromBytes(byte[] bytes) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
            Observation o = new Observation(
                    new String(readBytes(in), StandardCharsets.UTF_8),
                    Instant.ofEpochSecond(in.readLong(), in.readInt()),
                    in.readDouble());
            byte[] rawKey = readBytes(in);
            byte[] rawValue = readBytes(in);
            if (in.available() < Integer.BYTES + Long.BYTES) {
                return new ParseResult.Accepted(o, rawKey, rawValue);
            }
            return new ParseResult.Accepted(o, rawKey, rawValue, in.readInt(), in.readLong());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b == null ? -1 : b.length);
        if (b != null) {
            out.write(b);
        }
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }
}
