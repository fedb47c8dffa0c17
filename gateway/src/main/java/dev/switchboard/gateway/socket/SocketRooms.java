package dev.switchboard.gateway.socket;

import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.SocketIOServer;
import com.corundumstudio.socketio.namespace.Namespace;
import dev.switchboard.gateway.kafka.LogCut;
import dev.switchboard.gateway.kafka.RoomPackets;
import dev.switchboard.gateway.kafka.UpdateListener;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The one place that pushes to this instance's connections. A connection that is in several of the target
 * rooms gets the event once. Each push serializes its payload once, whatever the number of recipients, and so is its
 * offset (the {@link LogCut} just after it, the last argument of every room packet: Socket.IO's connection state
 * recovery hands it back on reconnect).
 */
public class SocketRooms implements UpdateListener.LivePackets {
    /** The client attribute holding the authenticated user id. */
    static final String USER_ID = "switchboard.userId";

    private final SocketIOServer server;
    private final ContractJsonSupport json;
    private final ConnectAnswers answers;
    private final SlowReaders slowReaders;
    private final RecoveringConnections recovering = new RecoveringConnections();
    private final RecoveringConnections.Sender sender = this::send;

    SocketRooms(SocketIOServer server, ContractJsonSupport json, ConnectAnswers answers, SlowReaders slowReaders) {
        this.server = server;
        this.json = json;
        this.answers = answers;
        this.slowReaders = slowReaders;
    }

    /**
     * The room packets of the record at {@code offset} of room-topic partition {@code index} (-1: a record outside the
     * room topics, pushed without an offset), for this gateway's connections. {@code cutBefore} is the cut just before
     * the record; it is read only if a packet is sent.
     */
    @Override
    public RoomPackets live(int index, long offset, Supplier<LogCut> cutBefore) {
        return new LivePackets(index, offset, cutBefore);
    }

    private final class LivePackets implements RoomPackets {
        private final int index;
        private final long offset;
        private final Supplier<LogCut> cutBefore;
        private LogCut before;
        private int packets;

        LivePackets(int index, long offset, Supplier<LogCut> cutBefore) {
            this.index = index;
            this.offset = offset;
            this.cutBefore = cutBefore;
        }

        @Override
        public int toRooms(Collection<String> rooms, String event, Object payload) {
            Set<SocketIOClient> targets = new LinkedHashSet<>();
            for (String room : rooms) {
                targets.addAll(server.getRoomOperations(room).getClients());
            }
            return sendAll(targets, null, event, payload, null);
        }

        @Override
        public int toRoomExceptUser(String room, String excludedUserId, String event, Object payload) {
            return sendAll(server.getRoomOperations(room).getClients(), excludedUserId, event, payload, null);
        }

        @Override
        public int toRoomTelling(String room, String event, Object payload, Consumer<String> recipients) {
            return sendAll(server.getRoomOperations(room).getClients(), null, event, payload, recipients);
        }

        private int sendAll(Iterable<SocketIOClient> clients, String excludedUserId, String event, Object payload, Consumer<String> recipients) {
            int packet = packets++;
            RecoveringConnections.LivePacket live = null;
            int sent = 0;
            for (SocketIOClient client : clients) {
                if (excludedUserId != null && excludedUserId.equals(client.get(USER_ID))) {
                    continue;
                }
                if (live == null) {
                    live = packet(packet, event, payload);
                }
                if (!recovering.live(client, live, sender)) {
                    send(client, event, live.payload(), live.text());
                }
                if (recipients != null) {
                    recipients.accept(client.getSessionId().toString());
                }
                sent++;
            }
            return sent;
        }

        private RecoveringConnections.LivePacket packet(int packet, String event, Object payload) {
            Object encoded = json.encodedOnce(payload);
            if (index < 0) {
                return new RecoveringConnections.LivePacket(index, offset, packet, null, null, event, encoded);
            }
            if (before == null) {
                before = cutBefore.get();
            }
            LogCut cut = before.within(index, offset, packet + 1);
            return new RecoveringConnections.LivePacket(index, offset, packet, cut, cut.encode(), event, encoded);
        }
    }

    private void send(SocketIOClient client, String event, Object payload, String offset) {
        if (answers.anyAwaited()) {
            answers.send(client.getSessionId(), () -> sendNow(client, event, payload, offset));
        } else {
            sendNow(client, event, payload, offset);
        }
    }

    private static void sendNow(SocketIOClient client, String event, Object payload, String offset) {
        if (offset == null) {
            client.sendEvent(event, payload);
        } else {
            client.sendEvent(event, payload, offset);
        }
    }

    /** The payload as JSON text, serialized once for however many packets carry it. */
    public Object encoded(Object payload) {
        return json.encodedOnce(payload);
    }

    /** A replayed room packet to one connection (see {@code recovery.SessionReplay}). */
    public void sendReplayed(SocketIOClient client, String event, Object encodedPayload, String offset) {
        send(client, event, encodedPayload, offset);
    }

    /**
     * Whether the connection takes a packet of about {@code packetBytes} more now ({@link SlowReaders#readyForMore}): a
     * replay waits until it does.
     */
    public boolean readyForMore(SocketIOClient client, int packetBytes) {
        return slowReaders.readyForMore(client, packetBytes);
    }

    /**
     * Closes the connection's transport, without Socket.IO's DISCONNECT, because its replay stopped before the end (it
     * took nothing for too long, or ran out of time): it must not go on with a gap. The client comes back by itself and
     * recovers from the last packet it got.
     */
    public void closeUnfinished(SocketIOClient client, String why) {
        slowReaders.closeTransport(client, why);
    }

    /**
     * Live packets to this connection are held back until {@link #release}; those before {@code cameBackWith} are then
     * dropped. Call between two records' pushes ({@code PushedPositions.between}).
     */
    public void holdLivePackets(SocketIOClient client, LogCut cameBackWith) {
        recovering.hold(client.getSessionId(), cameBackWith);
    }

    /** Sends what {@link #holdLivePackets} held back and lets live packets through. Call between two records' pushes. */
    public void release(SocketIOClient client) {
        recovering.release(client, sender);
    }

    public void forgetRecovery(UUID connection) {
        recovering.forget(connection);
    }

    private SocketIOClient client(String connectionId) {
        try {
            return server.getClient(UUID.fromString(connectionId));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** How many rooms this instance's connections are in (the namespace's own room, which every connection is in, aside). */
    public int roomCount() {
        var namespace = (Namespace) server.getNamespace("");
        return (int) namespace.getRooms().stream().filter(room -> !room.isEmpty()).count();
    }

    /** How many of this instance's connections are in the room. */
    public int count(String room) {
        return server.getRoomOperations(room).getClients().size();
    }

    /** To one connection (answers, not room packets: no offset). */
    public void toConnection(String connectionId, String event, Object payload) {
        SocketIOClient client = client(connectionId);
        if (client != null) {
            send(client, event, payload, null);
        }
    }
}
