package io.streamcast.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The stop-the-world collections of one phase: how many, their milliseconds in all and the longest.
 *
 * <p>Why: the bench runs the broker, the stream threads, its clients and the trainers in one JVM,
 * so a collection pause stops all of them at once, and every record in flight waits it out plus
 * the backlog it leaves. The live phase's p99 is a tail of a few hundred records per second, which
 * a pause of 50-100 ms every few seconds can set on its own; the count and the longest pause beside
 * the latency say whether it did. Summed GC time alone would hide one long pause among short ones.
 *
 * <p>What counts: every collection the JVM reports through its collectors' notifications, except
 * the collectors that report concurrent cycles rather than pauses (names with "Cycles" or
 * "Concurrent": ZGC's and Shenandoah's cycles, G1's concurrent marking from JDK 20 on). G1's young,
 * mixed and full collections are pauses from start to end.
 */
final class GcPauses implements AutoCloseable {
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = this::onNotification;
    private long count;
    private double totalMillis;
    private double longestMillis;
    private boolean closed;

    /** A phase's pauses; {@code available} is false where the JVM sends no collection notifications. */
    record Summary(boolean available, long count, double totalMillis, double longestMillis) {}

    /** Starts counting the pauses that end from now on. */
    GcPauses() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter && pauses(gc.getName())) {
                emitter.addNotificationListener(listener, null, null);
                emitters.add(emitter);
            }
        }
    }

    static boolean pauses(String collectorName) {
        return !collectorName.contains("Cycles") && !collectorName.contains("Concurrent");
    }

    private void onNotification(Notification n, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info =
                GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        record(info.getGcInfo().getDuration());
    }

    private synchronized void record(double millis) {
        if (closed) {
            return;
        }
        count++;
        totalMillis += millis;
        longestMillis = Math.max(longestMillis, millis);
    }

    /** What was counted so far (everything from start to {@link #close} once closed). */
    synchronized Summary summary() {
        return new Summary(!emitters.isEmpty(), count, totalMillis, longestMillis);
    }

    /**
     * Stops counting. Notifications arrive on a JMX thread shortly after each collection, so a pause
     * that ended just before the close may be missed: a few milliseconds of the phase's tail.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        for (NotificationEmitter emitter : emitters) {
            try {
                emitter.removeNotificationListener(listener);
            } catch (ListenerNotFoundException e) {
                // Already gone: nothing left to stop.
            }
        }
    }
}
