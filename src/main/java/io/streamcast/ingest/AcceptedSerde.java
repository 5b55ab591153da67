package io.streamcast.ingest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Binary serde for accepted observations on the internal by-series repartition topic. The input
 * position comes after the observation, so a record written before it travelled here (it had a
 * source header instead) still reads, with the position unknown; the observation's features come
 * after the position (a count, then name and value each), so a record written before they
 * travelled (or one without features, written exactly as before) reads as an observation without
 * features.
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
            // Nothing at all without features: such a record is byte for byte what it was before features travelled.
            if (!o.features().isEmpty()) {
                out.writeInt(o.features().size());
                for (Map.Entry<String, Double> f : o.features().entrySet()) {
                    writeBytes(out, f.getKey().getBytes(StandardCharsets.UTF_8));
                    out.writeDouble(f.getValue());
                }
            }
            return b.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ParseResult.Accepted fromBytes(byte[] bytes) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
            String series = new String(readBytes(in), StandardCharsets.UTF_8);
            Instant ts = Instant.ofEpochSecond(in.readLong(), in.readInt());
            double value = in.readDouble();
            byte[] rawKey = readBytes(in);
            byte[] rawValue = readBytes(in);
            if (in.available() < Integer.BYTES + Long.BYTES) {
                return new ParseResult.Accepted(new Observation(series, ts, value), rawKey, rawValue);
            }
            int partition = in.readInt();
            long offset = in.readLong();
            Map<String, Double> features = new LinkedHashMap<>();
            int n = in.available() >= Integer.BYTES ? in.readInt() : 0;
            for (int i = 0; i < n; i++) {
                features.put(new String(readBytes(in), StandardCharsets.UTF_8), in.readDouble());
            }
            return new ParseResult.Accepted(
                    new Observation(series, ts, value, features), rawKey, rawValue, partition, offset);
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
