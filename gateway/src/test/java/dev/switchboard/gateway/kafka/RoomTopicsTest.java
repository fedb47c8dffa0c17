package dev.switchboard.gateway.kafka;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every partition of every room topic has its own place in a cut, whatever the topics' partition counts. */
class RoomTopicsTest {

    @Test
    void everyPartitionOfEveryRoomTopicHasOnePlaceInACut() {
        int[] counts = new int[RoomTopics.TOPICS.size()];
        for (int t = 0; t < counts.length; t++) {
            counts[t] = 3 + 7 * t; // unequal, and beyond six
        }
        RoomTopics layout = RoomTopics.of(counts);
        Set<Integer> indexes = new HashSet<>();
        for (int t = 0; t < counts.length; t++) {
            for (int p = 0; p < counts[t]; p++) {
                TopicPartition partition = new TopicPartition(RoomTopics.TOPICS.get(t).topicName(), p);
                int index = layout.indexOf(partition);
                assertTrue(indexes.add(index), partition + " shares place " + index);
                assertEquals(partition, layout.partition(index));
            }
        }
        assertEquals(layout.size(), indexes.size());
        assertEquals(Set.of(), Set.copyOf(indexes.stream().filter(i -> i < 0 || i >= layout.size()).toList()));
    }

    @Test
    void partitionsItDoesNotKnowHaveNoPlace() {
        RoomTopics layout = RoomTopics.uniform(12);
        String first = RoomTopics.TOPICS.get(0).topicName();
        assertEquals(11, layout.indexOf(new TopicPartition(first, 11)));
        assertEquals(-1, layout.indexOf(new TopicPartition(first, 12)), "added after the layout was read");
        assertEquals(-1, layout.indexOf(new TopicPartition("switchboard.dead-letters", 0)));
        assertThrows(IndexOutOfBoundsException.class, () -> layout.partition(layout.size()));
    }

    @Test
    void refusesLayoutsACutCannotHold() {
        assertThrows(IllegalArgumentException.class, () -> RoomTopics.uniform(0));
        assertThrows(IllegalArgumentException.class, () -> RoomTopics.uniform(LogCut.MAX_POSITIONS));
        assertThrows(IllegalArgumentException.class, () -> RoomTopics.of(1, 2));
    }

    @Test
    void aTopicTheBrokerDoesNotKnowYetIsAskedForAgainAndOneThatNeverAppearsStopsTheStart() {
        String typing = RoomTopics.TOPICS.get(2).topicName();
        int[] asked = {0};
        RoomTopics layout = RoomTopics.counted(topic -> topic.equals(typing) && ++asked[0] < 3 ? 0 : 6, Duration.ofSeconds(30), () -> { });
        assertEquals(RoomTopics.uniform(6).size(), layout.size());
        assertEquals(3, asked[0], "asked until it had partitions");

        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> RoomTopics.counted(topic -> topic.equals(typing) ? 0 : 6, Duration.ofMillis(50), () -> { }));
        assertTrue(missing.getMessage().contains(typing), missing.getMessage());
    }
}
