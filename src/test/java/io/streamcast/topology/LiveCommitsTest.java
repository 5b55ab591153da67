package io.streamcast.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.junit.jupiter.api.Test;

/** Commits are asked for while records are live, and left to Kafka Streams' slow pace while a backlog drains. */
class LiveCommitsTest {
    private static final long NOW = 1_700_000_000_000L;

    private final MockProcessorContext<Object, Object> context = new MockProcessorContext<>();

    private LiveCommits.Tracker ownPunctuation(long intervalMs) {
        context.setCurrentSystemTimeMs(NOW);
        return new LiveCommits(intervalMs).tracker(context, true);
    }

    private void punctuate() {
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(context.currentSystemTimeMs());
    }

    @Test
    void aLiveRecordIsCommittedAtTheNextPunctuationAndOnlyOnce() {
        LiveCommits.Tracker commits = ownPunctuation(100);
        var punctuator = context.scheduledPunctuators().get(0);
        assertEquals(
                Duration.ofMillis(50), punctuator.getInterval(), "half the interval: a request held back waits less");
        assertEquals(
                PunctuationType.WALL_CLOCK_TIME,
                punctuator.getType(),
                "idle tasks too: the last live record must not wait");

        commits.processed(NOW - 20);
        assertFalse(context.committed(), "not per record: at the punctuation");
        punctuate();
        assertTrue(context.committed());

        context.resetCommit();
        context.setCurrentSystemTimeMs(NOW + 100);
        punctuate();
        assertFalse(context.committed(), "nothing processed since");
    }

    @Test
    void aBacklogIsLeftToTheCommitInterval() {
        LiveCommits.Tracker commits = ownPunctuation(100);
        commits.processed(NOW - Duration.ofHours(1).toMillis());
        commits.processed(NOW - LiveCommits.MIN_LIVE_WITHIN_MS - 1);
        punctuate();
        assertFalse(context.committed(), "records produced long ago: a backlog");

        commits.processed(NOW - LiveCommits.MIN_LIVE_WITHIN_MS + 1);
        punctuate();
        assertTrue(context.committed(), "one live record among them is enough");
    }

    @Test
    void aProducerClockAheadOfOursCountsAsLive() {
        LiveCommits.Tracker commits = ownPunctuation(100);
        commits.processed(NOW + 5_000);
        punctuate();
        assertTrue(context.committed());
    }

    @Test
    void zeroNeverAsks() {
        LiveCommits.Tracker commits = ownPunctuation(0);
        assertTrue(context.scheduledPunctuators().isEmpty());
        commits.processed(NOW);
        commits.maybeCommit(NOW + 1000);
        assertFalse(context.committed());
    }

    /**
     * The forecast step asks after flushing its batch on its own, faster punctuation: at most about
     * once per interval, so a 50 ms flush does not double the commits.
     */
    @Test
    void askedFromAFasterPunctuationItKeepsToTheInterval() {
        context.setCurrentSystemTimeMs(NOW);
        LiveCommits.Tracker commits = new LiveCommits(100).tracker(context, false);
        assertTrue(context.scheduledPunctuators().isEmpty(), "the owner's punctuation asks");
        int asked = 0;
        for (long t = NOW; t < NOW + 1000; t += 50) {
            context.setCurrentSystemTimeMs(t);
            commits.processed(t - 10);
            commits.maybeCommit(t);
            if (context.committed()) {
                asked++;
                context.resetCommit();
            }
        }
        assertEquals(10, asked, "every other 50 ms flush over a second");
    }

    /**
     * A commit commits every task of the stream thread: the tasks of one topology ask at most about
     * once per interval between them, and a task held back asks when the interval has passed.
     */
    @Test
    void theTasksOfAThreadShareOnePace() {
        context.setCurrentSystemTimeMs(NOW);
        LiveCommits topology = new LiveCommits(100);
        MockProcessorContext<Object, Object> other = new MockProcessorContext<>();
        other.setCurrentSystemTimeMs(NOW);
        LiveCommits.Tracker first = topology.tracker(context, false);
        LiveCommits.Tracker second = topology.tracker(other, false);

        first.processed(NOW);
        second.processed(NOW);
        first.maybeCommit(NOW);
        second.maybeCommit(NOW + 10);
        assertTrue(context.committed());
        assertFalse(other.committed(), "10 ms after the thread's last request");
        second.maybeCommit(NOW + 100);
        assertTrue(other.committed(), "its live record still waits for a commit");

        LiveCommits anotherTopology = new LiveCommits(100);
        MockProcessorContext<Object, Object> third = new MockProcessorContext<>();
        third.setCurrentSystemTimeMs(NOW);
        LiveCommits.Tracker own = anotherTopology.tracker(third, false);
        own.processed(NOW);
        own.maybeCommit(NOW + 10);
        assertTrue(third.committed(), "another topology's streams commit on threads of their own");
    }

    /**
     * Where Kafka Streams itself commits at least as often as the pace (the default under exactly
     * once: every 100 ms), a request would only add commits: the tracker never asks.
     */
    @Test
    void aCommitIntervalAsShortAsThePaceIsLeftAlone() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "live-commits-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100");
        MockProcessorContext<Object, Object> frequent = new MockProcessorContext<>(props);
        frequent.setCurrentSystemTimeMs(NOW);
        LiveCommits.Tracker commits = new LiveCommits(100).tracker(frequent, true);
        assertFalse(commits.asks());
        assertTrue(frequent.scheduledPunctuators().isEmpty(), "no punctuation of its own either");
        commits.processed(NOW);
        commits.maybeCommit(NOW + 1000);
        assertFalse(frequent.committed());

        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "1000");
        MockProcessorContext<Object, Object> slow = new MockProcessorContext<>(props);
        slow.setCurrentSystemTimeMs(NOW);
        LiveCommits.Tracker asking = new LiveCommits(100).tracker(slow, false);
        assertTrue(asking.asks());
        asking.processed(NOW);
        asking.maybeCommit(NOW);
        assertTrue(slow.committed(), "a slower interval: live records are committed at the pace");
    }
}
