package dev.switchboard.projector.logtools;

import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Which lane of a rebuild applies which partition. A partition's actions go to one lane, in log order; which lane does
 * not change what is built. A lane ends when its partitions are done, so the lanes are given about the same number of
 * actions: the largest partition first, each to the lane with the fewest actions so far. (Partition {@code p} on lane
 * {@code p % N} left one lane of two with 59 % of the bench's log, and the other idle for its last 6–9 s.)
 */
final class Lanes {
    private Lanes() {
    }

    /**
     * The partitions that hold actions, in at most {@code lanes} lanes (fewer when there are fewer such partitions), each
     * lane's list in the order it was given them; the same counts always give the same lanes.
     */
    static List<List<TopicPartition>> byActions(Map<TopicPartition, Long> actions, int lanes) {
        if (lanes < 1) {
            throw new IllegalArgumentException("lanes must be at least 1, got " + lanes);
        }
        List<Map.Entry<TopicPartition, Long>> largestFirst = actions.entrySet().stream()
                .filter(entry -> entry.getValue() > 0)
                .sorted(Comparator.<Map.Entry<TopicPartition, Long>>comparingLong(Map.Entry::getValue).reversed()
                        .thenComparing(entry -> entry.getKey().topic())
                        .thenComparingInt(entry -> entry.getKey().partition()))
                .toList();
        int count = Math.min(lanes, largestFirst.size());
        List<List<TopicPartition>> partitions = new ArrayList<>();
        long[] load = new long[count];
        for (int lane = 0; lane < count; lane++) {
            partitions.add(new ArrayList<>());
        }
        for (Map.Entry<TopicPartition, Long> entry : largestFirst) {
            int lightest = 0;
            for (int lane = 1; lane < count; lane++) {
                if (load[lane] < load[lightest]) {
                    lightest = lane;
                }
            }
            partitions.get(lightest).add(entry.getKey());
            load[lightest] += entry.getValue();
        }
        return partitions;
    }
}
