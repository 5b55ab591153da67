package io.streamcast.series;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ModelNamesTest {
    /** A buffer over three bytes, the name's bytes and a marker byte, positioned at the name. */
    private static ByteBuffer at(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        byte[] array = new byte[3 + bytes.length + 1];
        System.arraycopy(bytes, 0, array, 3, bytes.length);
        array[array.length - 1] = 42;
        // A slice with an array offset, as a record read from the middle of a larger array would be.
        ByteBuffer in = ByteBuffer.wrap(array, 1, array.length - 1).slice();
        in.position(2);
        return in;
    }

    private static String read(ModelNames names, String name) {
        ByteBuffer in = at(name);
        String read = names.read(in, name.getBytes(StandardCharsets.UTF_8).length);
        assertEquals(42, in.get(), "the buffer is left just past the name");
        return read;
    }

    @Test
    void alternatingNamesDecodeToTheSameStringEachTime() {
        ModelNames names = new ModelNames(8);
        String ets = read(names, "ets");
        String gru = read(names, "gru");
        for (int i = 0; i < 5; i++) {
            assertSame(ets, read(names, "ets"));
            assertSame(gru, read(names, "gru"));
        }
        assertEquals("ets", ets);
        assertEquals("gru-lstm", read(names, "gru-lstm"));
        assertEquals("prévision", read(names, "prévision"), "UTF-8 beyond ASCII");
        assertEquals("", read(names, ""));
        assertEquals(5, names.size());
    }

    @Test
    void namesBeyondTheCapacityStillDecode() {
        ModelNames names = new ModelNames(2);
        read(names, "a");
        read(names, "b");
        assertEquals("c", read(names, "c"));
        assertEquals("c", read(names, "c"));
        assertEquals(2, names.size(), "the table stops growing, decoding does not");
    }

    @Test
    void threadsDecodingAtOnceAgreeAndKeepEachNameOnce() throws Exception {
        ModelNames names = new ModelNames(32);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> {
                    List<String> seen = new ArrayList<>();
                    for (int i = 0; i < 2_000; i++) {
                        seen.add(read(names, "m" + (i % 10)));
                    }
                    return seen;
                }));
            }
            for (Future<List<String>> r : results) {
                List<String> seen = r.get();
                for (int i = 0; i < seen.size(); i++) {
                    assertEquals("m" + (i % 10), seen.get(i));
                }
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(10, names.size());
    }
}
