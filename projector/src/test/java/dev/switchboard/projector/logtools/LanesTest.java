package dev.switchboard.projector.logtools;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LanesTest {
    private static final String CHAT = "switchboard.chat.actions";
    private static final String PRESENCE = "switchboard.presence.actions";

    @Test
    void twoLanesShareALogWhoseLargePartitionsAreAllEvenAboutEqually() {
        // the sizes of the bench log's partitions (MB): the even ones held 61 % of it, so lane p % 2 left one lane idle
        Map<TopicPartition, Long> actions = counts(CHAT, 68, 49, 77, 42, 100, 66);
        counts(PRESENCE, 5, 5, 5, 6, 5, 5).forEach(actions::put);

        List<List<TopicPartition>> lanes = Lanes.byActions(actions, 2);

        assertEquals(2, lanes.size());
        long first = sum(lanes.get(0), actions);
        long second = sum(lanes.get(1), actions);
        assertEquals(sum(actions.keySet(), actions), first + second);
        assertTrue(Math.abs(first - second) <= 6, "lanes of " + first + " and " + second + " actions");
    }

    @Test
    void everyPartitionWithActionsIsOnExactlyOneLaneAndEmptyOnesOnNone() {
        Map<TopicPartition, Long> actions = counts(CHAT, 10, 0, 3, 7, 0, 1);

        List<List<TopicPartition>> lanes = Lanes.byActions(actions, 3);

        List<TopicPartition> all = new ArrayList<>();
        lanes.forEach(all::addAll);
        assertEquals(List.of(new TopicPartition(CHAT, 0), new TopicPartition(CHAT, 2), new TopicPartition(CHAT, 3), new TopicPartition(CHAT, 5)),
                all.stream().sorted((a, b) -> Integer.compare(a.partition(), b.partition())).toList());
    }

    @Test
    void fewerPartitionsWithActionsThanLanesGiveOneLaneEach() {
        assertEquals(List.of(List.of(new TopicPartition(CHAT, 2)), List.of(new TopicPartition(CHAT, 0))),
                Lanes.byActions(counts(CHAT, 4, 0, 9), 6));
        assertEquals(List.of(), Lanes.byActions(counts(CHAT, 0, 0), 2));
    }

    @Test
    void theSameCountsAlwaysGiveTheSameLanes() {
        Map<TopicPartition, Long> actions = counts(CHAT, 5, 5, 5, 5);
        counts(PRESENCE, 5, 5).forEach(actions::put);

        assertEquals(Lanes.byActions(actions, 3), Lanes.byActions(new LinkedHashMap<>(actions), 3));
        assertEquals(List.of(new TopicPartition(CHAT, 0), new TopicPartition(CHAT, 3)), Lanes.byActions(actions, 3).get(0));
    }

    @Test
    void noLanesIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Lanes.byActions(counts(CHAT, 1), 0));
    }

    private static Map<TopicPartition, Long> counts(String topic, long... perPartition) {
        Map<TopicPartition, Long> counts = new LinkedHashMap<>();
        for (int partition = 0; partition < perPartition.length; partition++) {
            counts.put(new TopicPartition(topic, partition), perPartition[partition]);
        }
        return counts;
    }

    private static long sum(Iterable<TopicPartition> partitions, Map<TopicPartition, Long> actions) {
        long sum = 0;
        for (TopicPartition partition : partitions) {
            sum += actions.get(partition);
        }
        return sum;
    }
}
