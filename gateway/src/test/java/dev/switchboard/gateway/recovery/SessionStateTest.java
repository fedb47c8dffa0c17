package dev.switchboard.gateway.recovery;

import dev.switchboard.gateway.kafka.LogCut;
import dev.switchboard.gateway.kafka.RoomTopics;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A session as kept in socket_sessions: read back as written, rooms with the cut they were joined at. */
class SessionStateTest {

    private static LogCut cut(long first) {
        long[] positions = new long[RoomTopics.uniform(6).size()];
        positions[0] = first;
        return LogCut.of(positions);
    }

    @Test
    void readsBackWhatItWrites() {
        Instant seen = Instant.parse("2026-12-02T10:00:00.123Z");
        SessionState state = new SessionState("pid-1", "sid-1", "user-1", "client", Map.of(), "conn-1", "run-1", seen);
        assertTrue(state.join("user-1", cut(3)));
        assertTrue(state.join("chat-9", cut(7).within(0, 7, 1)));
        assertFalse(state.join("chat-9", cut(8)), "joined already: the first cut stays");

        SessionState read = SessionState.from(state.toDocument()).orElseThrow();
        assertEquals("pid-1", read.pid);
        assertEquals("sid-1", read.sid);
        assertEquals("user-1", read.userId);
        assertEquals("client", read.role);
        assertEquals("conn-1", read.connectionId);
        assertEquals("run-1", read.gatewayRunId);
        assertEquals(seen, read.lastSeen);
        assertEquals(Map.of("user-1", cut(3), "chat-9", cut(7).within(0, 7, 1)), read.roomsNow());
        assertEquals(List.of("user-1", "chat-9"), List.copyOf(read.roomsNow().keySet()), "in the order joined");
    }

    @Test
    void leavingARoomForgetsIt() {
        SessionState state = new SessionState("p", "s", "u", "client", Map.of("a", cut(1)), null, null, Instant.now());
        assertTrue(state.leave("a"));
        assertFalse(state.leave("a"));
        assertTrue(SessionState.from(state.toDocument()).orElseThrow().roomsNow().isEmpty());
        assertNull(SessionState.from(state.toDocument()).orElseThrow().connectionId, "closed");
    }

    @Test
    void aDocumentThisBuildCannotReadIsNotRecovered() {
        Document document = new SessionState("p", "s", "u", "client", Map.of("a", cut(1)), null, null, Instant.now()).toDocument();
        document.put("rooms", List.of(new Document("room", "a").append("from", "1.2.x!")));
        assertTrue(SessionState.from(document).isEmpty(), "no cut");
        assertTrue(SessionState.from(new Document("_id", "p")).isEmpty(), "fields missing");
    }
}
