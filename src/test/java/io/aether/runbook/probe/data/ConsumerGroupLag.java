package io.aether.runbook.probe.data;

import java.time.Duration;
import java.util.List;

/**
 * How far a consumer group is behind, partition by partition: its committed offset against the partition's log-end
 * offset, as {@code kafka-consumer-groups --describe} prints them, with the group's state and member count. When
 * the cluster could not be asked, {@link #error()} says why and the partitions are empty.
 */
public record ConsumerGroupLag(
        String bootstrap,
        Duration timeout,
        String group,
        String state,
        int members,
        List<PartitionLag> partitions,
        String error) {

    /** One partition the group has committed an offset for. */
    public record PartitionLag(String topic, int partition, long committed, long logEnd) {

        /** Messages written to the partition that the group has not consumed yet. */
        public long lag() {
            return Math.max(0, logEnd - committed);
        }

        @Override
        public String toString() {
            return topic + "-" + partition;
        }
    }

    public ConsumerGroupLag {
        partitions = partitions == null ? List.of() : List.copyOf(partitions);
    }

    public static ConsumerGroupLag measured(String bootstrap, Duration timeout, String group, String state,
            int members, List<PartitionLag> partitions) {
        return new ConsumerGroupLag(bootstrap, timeout, group, state, members, partitions, null);
    }

    public static ConsumerGroupLag unreachable(String bootstrap, Duration timeout, String group, String error) {
        return new ConsumerGroupLag(bootstrap, timeout, group, null, 0, List.of(), error);
    }

    public boolean reachable() {
        return error == null;
    }

    /** The group's lag summed over its partitions. */
    public long total() {
        return partitions.stream().mapToLong(PartitionLag::lag).sum();
    }
}
