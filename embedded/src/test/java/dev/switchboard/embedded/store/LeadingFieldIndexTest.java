package dev.switchboard.embedded.store;

import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.bson.Document;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LeadingFieldIndexTest {
    private final LeadingFieldIndex index = new LeadingFieldIndex("chat_1_seq_-1", List.of(new IndexKey("chat", true), new IndexKey("seq", false)));

    @Test
    void handlesPlainEqualityOnTheLeadingFieldAtTopLevelOrInsideAnd() {
        assertTrue(index.canHandle(new Document("chat", "c1")));
        assertTrue(index.canHandle(new Document("chat", "c1").append("receiver", "u")));
        assertTrue(index.canHandle(new Document("$and", List.of(new Document("receiver", "u"), new Document("chat", "c1")))));
    }

    @Test
    void leavesEveryOtherQueryToAScan() {
        assertFalse(index.canHandle(new Document("seq", "1")));
        assertFalse(index.canHandle(new Document("chat", new Document("$in", List.of("c1")))));
        assertFalse(index.canHandle(new Document("chat", null)));
        assertFalse(index.canHandle(new Document("chat", 3)));
        assertFalse(index.canHandle(new Document("$or", List.of(new Document("chat", "c1")))));
    }

    @Test
    void followsInsertsUpdatesAndRemovals() {
        Document first = new Document("_id", "m1").append("chat", "c1");
        Document second = new Document("_id", "m2").append("chat", "c1");
        index.add(first, "m1", null);
        index.add(second, "m2", null);
        assertEquals(List.of("m1", "m2"), index.getPositions(new Document("chat", "c1")));

        index.updateInPlace(second, new Document("_id", "m2").append("chat", "c2"), "m2", null);
        assertEquals(List.of("m1"), index.getPositions(new Document("chat", "c1")));
        assertEquals(List.of("m2"), index.getPositions(new Document("chat", "c2")));

        index.remove(first);
        assertEquals(List.of(), index.getPositions(new Document("chat", "c1")));
        assertEquals(1, index.getCount());
    }

    @Test
    void indexesEveryElementOfAnArray() {
        LeadingFieldIndex participants = new LeadingFieldIndex("participants_1", List.of(new IndexKey("participants", true)));
        participants.add(new Document("_id", "chat").append("participants", List.of("a", "b")), "chat", null);
        assertEquals(List.of("chat"), participants.getPositions(new Document("participants", "a")));
        assertEquals(List.of("chat"), participants.getPositions(new Document("participants", "b")));
    }
}
