package io.streamcast.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ReplayBufferTest {
    private static Example example(int i) {
        return new Example(new float[] {i, -i}, new float[] {i});
    }

    private static int id(Example e) {
        return (int) e.targets()[0];
    }

    @Test
    void keepsTheMostRecentExamplesAndABoundedReservoir() {
        ReplayBuffer buffer = new ReplayBuffer(5, 10, 1);
        IntStream.range(0, 1000).forEach(i -> buffer.add(example(i)));
        assertEquals(1000, buffer.seen());
        assertEquals(
                List.of(995, 996, 997, 998, 999),
                buffer.recent().stream().map(ReplayBufferTest::id).toList());
        assertEquals(10, buffer.reservoir().size());
    }

    @Test
    void theReservoirIsAUniformSampleOfEverythingSeen() {
        // Over many buffers, each of the 100 examples ends up in a reservoir of 10 with probability 1/10.
        int[] kept = new int[100];
        for (int seed = 0; seed < 2000; seed++) {
            ReplayBuffer buffer = new ReplayBuffer(1, 10, seed);
            IntStream.range(0, 100).forEach(i -> buffer.add(example(i)));
            buffer.reservoir().forEach(e -> kept[id(e)]++);
        }
        int firstTen = IntStream.range(0, 10).map(i -> kept[i]).sum();
        int lastTen = IntStream.range(90, 100).map(i -> kept[i]).sum();
        // Expected 2000 each; a buffer that favoured new or old examples would be far off.
        assertEquals(2000, firstTen, 250);
        assertEquals(2000, lastTen, 250);
    }

    @Test
    void samplesMixRecentAndReservoirWithoutRepeats() {
        ReplayBuffer buffer = new ReplayBuffer(8, 8, 3);
        IntStream.range(0, 200).forEach(i -> buffer.add(example(i)));
        List<Example> sample = buffer.sample(8, new Random(4));
        assertEquals(8, sample.size());
        long recent = sample.stream().filter(e -> id(e) >= 192).count();
        assertTrue(recent >= 4, "half from the recent ring, got " + recent);
        assertEquals(8, sample.stream().distinct().count());
        assertEquals(0, new ReplayBuffer(8, 8, 3).sample(8, new Random(1)).size(), "empty buffer, empty sample");
    }

    @Test
    void survivesARoundTripThroughBytesAndContinuesIdentically() {
        ReplayBuffer original = new ReplayBuffer(4, 6, 5);
        IntStream.range(0, 50).forEach(i -> original.add(example(i)));
        ReplayBuffer restored = ReplayBuffer.fromBytes(original.toBytes());
        assertEquals(original.seen(), restored.seen());
        IntStream.range(50, 120).forEach(i -> {
            original.add(example(i));
            restored.add(example(i));
        });
        assertEquals(
                original.recent().stream().map(ReplayBufferTest::id).toList(),
                restored.recent().stream().map(ReplayBufferTest::id).toList());
        assertEquals(
                original.reservoir().stream().map(ReplayBufferTest::id).toList(),
                restored.reservoir().stream().map(ReplayBufferTest::id).toList());
        assertArrayEquals(
                original.reservoir().get(0).window(),
                restored.reservoir().get(0).window());
    }
}
