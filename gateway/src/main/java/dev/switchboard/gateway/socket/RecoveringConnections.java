package dev.switchboard.gateway.socket;

import com.corundumstudio.socketio.SocketIOClient;
import dev.switchboard.gateway.kafka.LogCut;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Connections that came back with a recovered session. While their missed packets are replayed from the log, live
 * packets to them are held back; afterwards they are sent, except those before the cut the client came back with (a
 * gateway that reads the log a little behind the one the client was on pushes those again). Once this gateway's pushes
 * are past that cut, the connection is an ordinary one again. Called under {@link dev.switchboard.gateway.kafka.PushedPositions}'s
 * lock (live pushes, {@link #hold}, {@link #release}).
 */
final class RecoveringConnections {
    private final Map<UUID, Entry> entries = new ConcurrentHashMap<>();

    /** A live packet: its record's place, its number among the record's packets, and the cut just after it. */
    record LivePacket(int index, long offset, int packet, LogCut cut, String text, String event, Object payload) {
    }

    interface Sender {
        void send(SocketIOClient client, String event, Object payload, String offset);
    }

    private static final class Entry {
        final LogCut cameBackWith;
        List<LivePacket> held = new ArrayList<>();

        Entry(LogCut cameBackWith) {
            this.cameBackWith = cameBackWith;
        }
    }

    void hold(UUID connection, LogCut cameBackWith) {
        entries.put(connection, new Entry(cameBackWith));
    }

    /** Sends the held live packets that the client did not have yet, then lets live packets through. */
    void release(SocketIOClient client, Sender sender) {
        Entry entry = entries.get(client.getSessionId());
        if (entry == null || entry.held == null) {
            return;
        }
        List<LivePacket> held = entry.held;
        entry.held = null;
        for (LivePacket packet : held) {
            pass(client, entry, packet, sender);
        }
    }

    void forget(UUID connection) {
        entries.remove(connection);
    }

    /** Whether this connection's live packets go through here. */
    boolean isRecovering(UUID connection) {
        return !entries.isEmpty() && entries.containsKey(connection);
    }

    /** Sends, holds or drops a live packet to a connection that recovered; false when the connection is an ordinary one. */
    boolean live(SocketIOClient client, LivePacket packet, Sender sender) {
        if (entries.isEmpty()) {
            return false;
        }
        Entry entry = entries.get(client.getSessionId());
        if (entry == null) {
            return false;
        }
        if (entry.held != null) {
            entry.held.add(packet);
            return true;
        }
        pass(client, entry, packet, sender);
        return true;
    }

    private void pass(SocketIOClient client, Entry entry, LivePacket packet, Sender sender) {
        if (packet.index() >= 0 && entry.cameBackWith.covers(packet.index(), packet.offset(), packet.packet())) {
            return; // the client had it from the gateway it was on
        }
        if (packet.cut() == null) {
            sender.send(client, packet.event(), packet.payload(), null);
        } else if (packet.cut().includes(entry.cameBackWith)) {
            entries.remove(client.getSessionId(), entry);
            sender.send(client, packet.event(), packet.payload(), packet.text());
        } else {
            sender.send(client, packet.event(), packet.payload(), packet.cut().latest(entry.cameBackWith).encode());
        }
    }
}
