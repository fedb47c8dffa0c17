package dev.switchboard.gateway.kafka;

import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where an update's room packets go: the rooms of this gateway's connections (live), or one recovering connection
 * (a replay of what it missed). Each call is one packet; the calls a record makes, in order, number its packets, and
 * every gateway numbers them alike, which is what a {@link LogCut} counts.
 */
public interface RoomPackets {
    /** To every connection in any of the rooms, once each; returns how many connections got it. */
    int toRooms(Collection<String> rooms, String event, Object payload);

    default int toRoom(String room, String event, Object payload) {
        return toRooms(List.of(room), event, payload);
    }

    /** To every connection in the room except those of {@code excludedUserId} (typing: never to the typist). */
    int toRoomExceptUser(String room, String excludedUserId, String event, Object payload);

    /**
     * Like {@link #toRoom}, and tells {@code recipients} the id of each connection as it is handed the packet (a replay
     * may do so after this returns, or never if it stops first).
     */
    int toRoomTelling(String room, String event, Object payload, Consumer<String> recipients);
}
