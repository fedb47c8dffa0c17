package dev.switchboard.gateway.kafka;

import dev.switchboard.events.Ids;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RepeatedUpdateFilterTest {

    @Test
    void anIdPassesOnceAndAnotherIdPassesToo() {
        RepeatedUpdateFilter filter = new RepeatedUpdateFilter(10);
        String id = Ids.newId();
        assertTrue(filter.firstTime(id));
        assertFalse(filter.firstTime(id));
        assertFalse(filter.firstTime(id));
        assertTrue(filter.firstTime(Ids.newId()));
    }

    @Test
    void itRemembersOnlyTheLastIdsFirstSeen() {
        RepeatedUpdateFilter filter = new RepeatedUpdateFilter(3);
        assertTrue(filter.firstTime("a"));
        assertTrue(filter.firstTime("b"));
        assertTrue(filter.firstTime("c"));
        assertFalse(filter.firstTime("a"), "a repeat does not move a forward");
        assertTrue(filter.firstTime("d"));
        assertEquals(3, filter.size());
        assertTrue(filter.firstTime("a"), "a, the oldest, was forgotten when d came");
        assertFalse(filter.firstTime("c"));
        assertFalse(filter.firstTime("d"));
        assertEquals(3, filter.size());
    }

    @Test
    void theDefaultMemoryHoldsItsCapacityAndNoMore() {
        RepeatedUpdateFilter filter = new RepeatedUpdateFilter(RepeatedUpdateFilter.DEFAULT_CAPACITY);
        for (int i = 0; i < RepeatedUpdateFilter.DEFAULT_CAPACITY; i++) {
            assertTrue(filter.firstTime("u" + i));
        }
        assertFalse(filter.firstTime("u0"));
        assertTrue(filter.firstTime("one more"));
        assertEquals(RepeatedUpdateFilter.DEFAULT_CAPACITY, filter.size());
        assertTrue(filter.firstTime("u0"), "the oldest made room");
        assertFalse(filter.firstTime("u" + (RepeatedUpdateFilter.DEFAULT_CAPACITY - 1)));
    }

    @Test
    void remembersWhereAnIdWasFirstSeenSoThatAReplaySkipsTheLaterCopy() {
        RepeatedUpdateFilter filter = new RepeatedUpdateFilter(10);
        long first = RepeatedUpdateFilter.place(3, 40);
        assertTrue(filter.firstTime("u1", first));
        assertFalse(filter.firstTime("u1", RepeatedUpdateFilter.place(3, 90)), "the re-run's copy");
        assertEquals(first, filter.firstSeenAt("u1"), "the copy does not move it");
        assertEquals(-1, filter.firstSeenAt("never seen"));
        assertTrue(RepeatedUpdateFilter.place(3, 40) < RepeatedUpdateFilter.place(3, 41));
        assertTrue(RepeatedUpdateFilter.place(2, 1L << 40) < RepeatedUpdateFilter.place(3, 0), "places of one partition do not mix with another's");
    }

    @Test
    void aMemoryNeedsRoomForOneId() {
        assertThrows(IllegalArgumentException.class, () -> new RepeatedUpdateFilter(0));
    }
}
