package io.streamcast.testing;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * Who holds which partitions in a Kafka Streams application's consumer group, as the broker's
 * group coordinator says: how a test sees from outside that a rebalance moved partitions.
 */
public final class GroupAssignments {
    private final Map<String, Set<TopicPartition>> byMember;

    private GroupAssignments(Map<String, Set<TopicPartition>> byMember) {
        this.byMember = byMember;
    }

    /** The current members of {@code groupId} (the application id) and their assigned partitions. */
    public static GroupAssignments of(Admin admin, String groupId) throws ExecutionException, InterruptedException {
        ConsumerGroupDescription group =
                admin.describeConsumerGroups(List.of(groupId)).all().get().get(groupId);
        Map<String, Set<TopicPartition>> byMember = new TreeMap<>();
        for (MemberDescription m : group.members()) {
            byMember.put(m.clientId() + "/" + m.consumerId(), m.assignment().topicPartitions());
        }
        return new GroupAssignments(byMember);
    }

    public int members() {
        return byMember.size();
    }

    /** Whether every member holds at least one partition: none idles (a member mid-join holds none). */
    public boolean everyMemberHoldsSome() {
        return byMember.values().stream().noneMatch(Set::isEmpty);
    }

    /** Whether the members together hold all of {@code partitions}. */
    public boolean cover(Set<TopicPartition> partitions) {
        Set<TopicPartition> held = new HashSet<>();
        byMember.values().forEach(held::addAll);
        return held.containsAll(partitions);
    }

    @Override
    public String toString() {
        return byMember.toString();
    }
}
