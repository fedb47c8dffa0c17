package dev.switchboard.gateway.kafka;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The offset a room packet carries: what it covers, its text form, and what a client may hand back. */
class LogCutTest {

    private static LogCut cut(long... some) {
        long[] positions = new long[RoomTopics.uniform(6).size()];
        System.arraycopy(some, 0, positions, 0, some.length);
        return LogCut.of(positions);
    }

    @Test
    void coversEveryRecordBeforeItsPositionsAndThePacketsOfThePartlySentRecord() {
        LogCut cut = cut(10, 5).within(1, 7, 2);
        assertTrue(cut.covers(0, 9, 0));
        assertFalse(cut.covers(0, 10, 0));
        assertTrue(cut.covers(1, 6, 5));
        assertTrue(cut.covers(1, 7, 0));
        assertTrue(cut.covers(1, 7, 1));
        assertFalse(cut.covers(1, 7, 2), "the third packet of the record at 7 was not sent yet");
        assertFalse(cut.covers(1, 8, 0));
        assertFalse(cut.covers(2, 0, 0));
    }

    @Test
    void readsBackWhatItWrites() {
        LogCut cut = cut(0, 35, 36, 1_000_000_000_000L).within(3, 1_000_000_000_001L, 3);
        assertEquals(Optional.of(cut), LogCut.parse(cut.encode()));
        assertEquals(Optional.of(cut(1, 2)), LogCut.parse(cut(1, 2).encode()));
        assertTrue(cut(1, 2).encode().startsWith("1.2.0."));
    }

    @Test
    void refusesTextThatIsNotOneOfItsCuts() {
        assertEquals(Optional.empty(), LogCut.parse(null));
        assertEquals(Optional.empty(), LogCut.parse(""));
        assertEquals(Optional.empty(), LogCut.parse("1.2.3~3.1"), "a partly sent record in no partition of it");
        assertEquals(Optional.empty(), LogCut.parse(cut(1).encode() + "~99999.1"));
        assertEquals(Optional.empty(), LogCut.parse(cut(1).encode() + "~1.0"));
        assertEquals(Optional.empty(), LogCut.parse(cut(1).encode().replace("1.", "-1.")));
        assertEquals(Optional.empty(), LogCut.parse(cut(1).encode().replace("1.", "zz!.")));
        assertEquals(Optional.empty(), LogCut.parse("9".repeat(100_000)));
        assertEquals(Optional.empty(), LogCut.parse("1.".repeat(LogCut.MAX_POSITIONS) + "1"), "more partitions than a cut holds");
    }

    @Test
    void aCutOfAnotherLayoutReadsBackWithItsOwnSizeAndIsNotComparedWithOurs() {
        LogCut ours = cut(1, 2);
        LogCut twelvePerTopic = LogCut.of(new long[RoomTopics.uniform(12).size()]);
        assertEquals(Optional.of(3), LogCut.parse("1.2.3").map(LogCut::size));
        assertEquals(Optional.of(twelvePerTopic), LogCut.parse(twelvePerTopic.encode()));
        assertEquals(ours.size() * 2, twelvePerTopic.size());
        assertThrows(IllegalArgumentException.class, () -> ours.includes(twelvePerTopic));
        assertThrows(IllegalArgumentException.class, () -> ours.latest(twelvePerTopic));
    }

    @Test
    void includesAnotherCutOnlyWhenItIsAtOrPastItEverywhere() {
        assertTrue(cut(5, 5).includes(cut(5, 4)));
        assertFalse(cut(5, 5).includes(cut(6, 0)));
        assertFalse(cut(5, 5).includes(cut(5, 5).within(1, 5, 1)), "one packet of the record at 5 is past it");
        assertTrue(cut(5, 6).includes(cut(5, 5).within(1, 5, 1)));
        assertTrue(cut(5, 5).within(1, 5, 2).includes(cut(5, 5).within(1, 5, 1)));
    }

    @Test
    void theLatestOfTwoCutsHasTheLaterPositionOfEach() {
        LogCut latest = cut(5, 1).latest(cut(2, 9));
        assertEquals(cut(5, 9), latest);
        LogCut withPartial = cut(5, 1).latest(cut(2, 9).within(1, 9, 2));
        assertTrue(withPartial.covers(1, 9, 1));
        assertFalse(withPartial.covers(1, 9, 2));
    }
}
