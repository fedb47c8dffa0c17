package dev.switchboard.projector.kafka;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PositionDurabilityTest {
    @Test
    void theLiveLoopStoresEveryBatchsPositionsDurably() {
        PositionDurability live = PositionDurability.everyBatch();
        assertTrue(live.durableAfter(1));
        assertTrue(live.durableAfter(500));
        assertTrue(live.durableAfter(1));
    }

    @Test
    void aRebuildStoresItsPositionsDurablyOnlyOncePerBoundOfActions() {
        PositionDurability rebuild = PositionDurability.rebuild(1_000);
        assertFalse(rebuild.durableAfter(500));
        assertFalse(rebuild.durableAfter(499));
        assertTrue(rebuild.durableAfter(1), "the 1,000th action");
        assertFalse(rebuild.durableAfter(999), "counted again from the durable write");
        assertTrue(rebuild.durableAfter(2_000));
    }

    @Test
    void theDurableWriteAtTheEndOfARebuildStartsTheCountAgain() {
        PositionDurability rebuild = PositionDurability.rebuild(1_000);
        assertFalse(rebuild.durableAfter(900));
        rebuild.madeDurable();
        assertFalse(rebuild.durableAfter(900));
        assertTrue(rebuild.durableAfter(100));
    }
}
