package dev.switchboard.embedded.store;

import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.bson.Document;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LeadingFieldIndexTest {
    private final LeadingFieldIndex index = new LeadingFieldIndex("chat_1_seq_-1", List.of(new IndexKey("chat", true), new IndexKey("seq", false)));

    @Test
    void handlesPlainEqualityOrInOnTheLeadingFieldAtTopLevelOrInsideAnd() {
        assertTrue(index.canHandle(new Document("chat", "c1")));
        assertTrue(index.canHandle(new Document("chat", "c1").append("receiver", "u")));
        assertTrue(index.canHandle(new Document("$and", List.of(new Document("receiver", "u"), new Document("chat", "c1")))));
        assertTrue(index.canHandle(new Document("chat", new Document("$in", List.of("c1", "c2")))));
        assertTrue(index.canHandle(new Document("$and", List.of(new Document("chat", new Document("$in", List.of("c1")))))));
    }

    @Test
    void leavesEveryOtherQueryToAScan() {
        assertFalse(index.canHandle(new Document("seq", "1")));
        assertFalse(index.canHandle(new Document("chat", new Document("$in", List.of("c1", 3)))));
        assertFalse(index.canHandle(new Document("chat", new Document("$nin", List.of("c1")))));
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

    @Test
    void inReadsThePositionsOfEachValueOnce() {
        LeadingFieldIndex participants = new LeadingFieldIndex("participants_1", List.of(new IndexKey("participants", true)));
        participants.add(new Document("_id", "ab").append("participants", List.of("a", "b")), "ab", null);
        participants.add(new Document("_id", "bc").append("participants", List.of("b", "c")), "bc", null);
        participants.add(new Document("_id", "cd").append("participants", List.of("c", "d")), "cd", null);
        assertEquals(List.of("ab", "bc"), participants.getPositions(new Document("participants", new Document("$in", List.of("a", "b")))));
    }

    @Test
    void followsADottedFieldThroughSubdocumentsAndArraysOfThem() {
        LeadingFieldIndex runs = new LeadingFieldIndex("connections.gatewayRunId_1", List.of(new IndexKey("connections.gatewayRunId", true)));
        runs.add(new Document("_id", "u1").append("connections", List.of(
                new Document("connectionId", "c1").append("gatewayRunId", "r1"),
                new Document("connectionId", "c2").append("gatewayRunId", "r2"))), "u1", null);
        runs.add(new Document("_id", "u2").append("connections", new Document("gatewayRunId", "r2")), "u2", null);
        runs.add(new Document("_id", "u3").append("connections", List.of()), "u3", null);
        runs.add(new Document("_id", "u4"), "u4", null);

        assertTrue(runs.canHandle(new Document("connections.gatewayRunId", "r1")));
        assertEquals(List.of("u1"), runs.getPositions(new Document("connections.gatewayRunId", "r1")));
        assertEquals(List.of("u1", "u2"), runs.getPositions(new Document("connections.gatewayRunId", "r2")));
        assertEquals(Optional.of(Set.of("r1", "r2")), runs.distinctValues());

        runs.updateInPlace(new Document("_id", "u1").append("connections", List.of(new Document("gatewayRunId", "r1"),
                new Document("gatewayRunId", "r2"))), new Document("_id", "u1").append("connections", List.of()), "u1", null);
        assertEquals(Optional.of(Set.of("r2")), runs.distinctValues());
    }

    @Test
    void leavesDistinctToTheServerWhileADocumentHoldsAValueItDoesNotKeep() {
        LeadingFieldIndex runs = new LeadingFieldIndex("connections.gatewayRunId_1", List.of(new IndexKey("connections.gatewayRunId", true)));
        runs.add(new Document("_id", "u1").append("connections", List.of(new Document("gatewayRunId", "r1"))), "u1", null);
        Document withNull = new Document("_id", "u2").append("connections", List.of(new Document("gatewayRunId", null)));
        runs.add(withNull, "u2", null);
        assertEquals(Optional.empty(), runs.distinctValues());
        runs.remove(withNull);
        assertEquals(Optional.of(Set.of("r1")), runs.distinctValues());

        Document nestedArray = new Document("_id", "u3").append("connections", List.of(List.of(new Document("gatewayRunId", "r3"))));
        runs.add(nestedArray, "u3", null);
        assertEquals(Optional.empty(), runs.distinctValues());
        assertEquals(List.of("u3"), runs.getPositions(new Document("connections.gatewayRunId", "r3")), "still a candidate");
        runs.updateInPlace(nestedArray, new Document("_id", "u3"), "u3", null);
        assertEquals(Optional.of(Set.of("r1")), runs.distinctValues());

        runs.drop();
        assertEquals(Optional.empty(), runs.distinctValues());
    }

    @Test
    void leavesAFieldWithANumericSegmentToTheServer() {
        LeadingFieldIndex first = new LeadingFieldIndex("connections.0.gatewayRunId_1", List.of(new IndexKey("connections.0.gatewayRunId", true)));
        first.add(new Document("_id", "u1").append("connections", List.of(new Document("gatewayRunId", "r1"))), "u1", null);
        assertFalse(first.canHandle(new Document("connections.0.gatewayRunId", "r1")));
        assertEquals(Optional.empty(), first.distinctValues());
    }

    @Test
    void anIndexSharingAnotherOnesFieldReadsItsPositionsAndWritesThemOnceTheOtherIsDropped() {
        LeadingFieldIndex byRead = new LeadingFieldIndex("user_1_isRead_1", List.of(new IndexKey("user", true), new IndexKey("isRead", true)));
        LeadingFieldIndex byDelivered = new LeadingFieldIndex("user_1_delivered_1", List.of(new IndexKey("user", true), new IndexKey("delivered", true)));
        Document first = new Document("_id", "n1").append("user", "u1");
        Document second = new Document("_id", "n2").append("user", "u1");
        byRead.add(first, "n1", null);
        byDelivered.shareWith(byRead);
        assertEquals(List.of("n1"), byDelivered.getPositions(new Document("user", "u1")));
        assertEquals(1, byDelivered.getCount(), "not empty, so the server does not build it again");

        // the server tells every index of every change: one copy, written once
        byRead.add(second, "n2", null);
        byDelivered.add(second, "n2", null);
        assertEquals(List.of("n1", "n2"), byDelivered.getPositions(new Document("user", "u1")));
        assertEquals(2, byRead.getCount());

        byRead.drop();
        byDelivered.remove(first);
        assertEquals(List.of("n2"), byDelivered.getPositions(new Document("user", "u1")));
        assertEquals(Optional.empty(), byRead.distinctValues(), "a dropped index answers nothing");
        assertEquals(Optional.of(Set.of("u1")), byDelivered.distinctValues());
    }

    @Test
    void refusesToShareAnotherField() {
        LeadingFieldIndex byUser = new LeadingFieldIndex("user_1", List.of(new IndexKey("user", true)));
        LeadingFieldIndex byChat = new LeadingFieldIndex("chat_1", List.of(new IndexKey("chat", true)));
        assertThrows(IllegalArgumentException.class, () -> byChat.shareWith(byUser));
    }

    @Test
    void aChangeToldToEverySharerIsAppliedOnce() {
        LeadingFieldIndex byRead = new LeadingFieldIndex("user_1_isRead_1", List.of(new IndexKey("user", true), new IndexKey("isRead", true)));
        LeadingFieldIndex byDelivered = new LeadingFieldIndex("user_1_delivered_1", List.of(new IndexKey("user", true), new IndexKey("delivered", true)));
        byDelivered.shareWith(byRead);
        Document numbered = new Document("_id", "n1").append("user", 7); // a value the index does not keep
        byRead.add(numbered, "n1", null);
        byDelivered.add(numbered, "n1", null);
        byRead.drop();
        byDelivered.remove(numbered);
        assertEquals(Optional.of(Set.of()), byDelivered.distinctValues(), "no document holds a value it does not keep any more");
    }
}
