package dev.switchboard.gateway.recovery;

import dev.switchboard.gateway.kafka.LogCut;
import org.bson.Document;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A recoverable session, as kept in {@code socket_sessions} so that any gateway can restore it: whose it is, the
 * {@code sid} its client knows, each room it is in with the cut at which it joined (records before it were not for
 * this session), the connection that holds it now ({@code null} once closed) and when it was last known alive.
 */
final class SessionState {
    final String pid;
    final String sid;
    final String userId;
    /**
     * The role the session's rooms were joined with (its token's): a reconnection with a token of another role starts a
     * new session instead, since an admin's rooms (the dashboard, other users' tickets) are not a client's to keep.
     */
    final String role;
    /** Room → the cut at which the session joined it. */
    private final Map<String, LogCut> rooms;
    volatile String connectionId;
    volatile String gatewayRunId;
    volatile Instant lastSeen;

    SessionState(String pid, String sid, String userId, String role, Map<String, LogCut> rooms, String connectionId, String gatewayRunId,
                 Instant lastSeen) {
        this.pid = pid;
        this.sid = sid;
        this.userId = userId;
        this.role = role;
        this.rooms = new LinkedHashMap<>(rooms);
        this.connectionId = connectionId;
        this.gatewayRunId = gatewayRunId;
        this.lastSeen = lastSeen;
    }

    /** Remembers the room with the cut at which it was joined; false when the session was in it already. */
    synchronized boolean join(String room, LogCut at) {
        return rooms.putIfAbsent(room, at) == null;
    }

    synchronized boolean leave(String room) {
        return rooms.remove(room) != null;
    }

    synchronized Map<String, LogCut> roomsNow() {
        return new LinkedHashMap<>(rooms);
    }

    synchronized Document toDocument() {
        List<Document> joined = new ArrayList<>();
        rooms.forEach((room, cut) -> joined.add(new Document("room", room).append("from", cut.encode())));
        return new Document("_id", pid)
                .append("sid", sid)
                .append("userId", userId)
                .append("role", role)
                .append("rooms", joined)
                .append("connection", connectionId)
                .append("gatewayRunId", gatewayRunId)
                .append("lastSeen", Date.from(lastSeen));
    }

    /** The stored session, or empty when the document is not one this build can read (then it is not recovered). */
    static Optional<SessionState> from(Document document) {
        try {
            Map<String, LogCut> rooms = new LinkedHashMap<>();
            for (Document joined : document.getList("rooms", Document.class)) {
                Optional<LogCut> cut = LogCut.parse(joined.getString("from"));
                if (cut.isEmpty()) {
                    return Optional.empty();
                }
                rooms.put(joined.getString("room"), cut.get());
            }
            return Optional.of(new SessionState(document.getString("_id"), document.getString("sid"), document.getString("userId"),
                    document.getString("role"), rooms,
                    document.getString("connection"), document.getString("gatewayRunId"), document.getDate("lastSeen").toInstant()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
