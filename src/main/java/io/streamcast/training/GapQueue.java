package io.streamcast.training;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Random;

/**
 * Examples that left the shadow set and wait until their targets all precede every target of
 * the shadow set, oldest first, at most {@code limit} of them.
 *
 * <p>Why a limit: the shadow set holds the newest examples, whose origins lie a horizon back, so
 * everything completed within the last horizon waits here: H time steps of every series of the
 * task. That grows with the series count (10,000 hourly series at horizon 12 in four tasks: 30,000
 * examples per task, about 10 MB; 1,000,000 series would not fit a heap; learner checkpoints carry
 * an even sample, {@link ReplayOnlineLearner#CHECKPOINTED_WAITING}). Beyond the limit this keeps a uniform random sample: each arriving example is
 * kept with probability 1 / {@code keepOneIn}; when the queue outgrows the limit that halves and
 * half of what waits, drawn at random, leaves, and it doubles back once the queue has shrunk to a
 * quarter. A sample and not the first or last arrivals of a time step, since the order within a step
 * follows partitions and keys: training on whichever series came first would train on the same
 * series every step. Seeded, so a backtest stays deterministic (its few series never reach a limit).
 */
final class GapQueue {
    private final int limit;
    private final Random random;
    private ArrayDeque<Example> examples = new ArrayDeque<>();
    /** 1: every example kept; 2^k while the inflow over a horizon is more than the limit. */
    private int keepOneIn = 1;

    /**
     * @param limit the most examples held
     * @param seed  of the sampling
     */
    GapQueue(int limit, long seed) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1, got " + limit);
        }
        this.limit = limit;
        this.random = new Random(seed);
    }

    /**
     * Adds {@code example} (the newest: its targets complete no earlier than those already
     * waiting); returns how many examples were left out, itself included.
     */
    int add(Example example) {
        if (keepOneIn > 1 && random.nextInt(keepOneIn) != 0) {
            return 1;
        }
        examples.addLast(example);
        return thinWhileOverLimit();
    }

    /** Adds restored examples, oldest first, thinned to the limit as arrivals would be. */
    int addAll(Collection<Example> restored) {
        int left = 0;
        for (Example e : restored) {
            left += add(e);
        }
        return left;
    }

    private int thinWhileOverLimit() {
        int left = 0;
        while (examples.size() > limit) {
            keepOneIn *= 2;
            ArrayDeque<Example> kept = new ArrayDeque<>(limit);
            for (Example e : examples) {
                if (random.nextBoolean()) {
                    kept.addLast(e);
                } else {
                    left++;
                }
            }
            examples = kept;
        }
        return left;
    }

    /** The oldest waiting example, or null. */
    Example peekFirst() {
        return examples.peekFirst();
    }

    /** Removes and returns the oldest waiting example, or null; the sampling eases once the queue has shrunk. */
    Example pollFirst() {
        Example first = examples.pollFirst();
        if (keepOneIn > 1 && examples.size() < limit / 4) {
            keepOneIn /= 2;
        }
        return first;
    }

    boolean isEmpty() {
        return examples.isEmpty();
    }

    int size() {
        return examples.size();
    }

    /** 1 while every arriving example is kept; k when one in k is. */
    int keepOneIn() {
        return keepOneIn;
    }

    /** A copy, oldest first. */
    List<Example> toList() {
        return new ArrayList<>(examples);
    }

    /** At most {@code most} of the waiting examples, evenly spaced through the queue, oldest first. */
    List<Example> evenSample(int most) {
        int size = examples.size();
        if (size <= most) {
            return toList();
        }
        // One pass over the deque, without a copy of it: a checkpoint of a large task samples
        // a few thousand of tens of thousands waiting. Picks index floor(i x size / most) for
        // i = 0 .. most-1, strictly increasing since size > most.
        List<Example> sample = new ArrayList<>(most);
        int index = 0;
        for (Example e : examples) {
            if (index == (int) ((long) sample.size() * size / most)) {
                sample.add(e);
                if (sample.size() == most) {
                    break;
                }
            }
            index++;
        }
        return sample;
    }
}
