package dev.switchboard.gateway.socket;

import com.corundumstudio.socketio.SocketIOClient;
import dev.switchboard.events.ErrorCode;
import dev.switchboard.gateway.auth.AuthenticatedUser;
import dev.switchboard.gateway.errors.ClientError;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One authenticated socket connection: who it is and the connection itself. Its rooms are kept with its session; it
 * joins at most {@code maxRooms} by its events (its personal room aside).
 */
public record SocketSession(SocketIOClient client, AuthenticatedUser user, SessionRecovery recovery, int maxRooms) {
    /** The connection's attribute that holds its session while it is open ({@link SocketSessions} sets and clears it). */
    public static final String KEY = "switchboard.session";
    /** The connection's attribute counting the joins it sent that hold a place ({@link #reserveRoomFor}). */
    private static final String PENDING_JOINS = "switchboard.pendingJoins";

    /** The open session of {@code client}, or null when it has none (not authenticated, or closed). */
    static SocketSession of(SocketIOClient client) {
        return client.get(KEY);
    }

    /** Whether the connection is still open: its session is not closed ({@link SocketSessions} clears it first on close). */
    public boolean isOpen() {
        return of(client) == this;
    }

    public String connectionId() {
        return client.getSessionId().toString();
    }

    public String userId() {
        return user.userId();
    }

    /**
     * Joins {@code room}; RATE_LIMITED if the connection is in {@code maxRooms} rooms already (places held included).
     * Nothing once the connection has closed: a join handled after its close (one that waited for the store or for the
     * projector's decision) would leave it in the room for good, since its rooms were let go at its close.
     */
    public void join(String room) {
        synchronized (client) {
            if (!isOpen()) {
                return;
            }
            requireRoomFor(room, pendingJoins().get());
            recovery.join(this, room);
        }
    }

    /** Joins {@code room} in the place {@code release} held for it ({@link #reserveRoomFor}), and lets the place go. */
    public void joinReserved(String room, Runnable release) {
        synchronized (client) {
            release.run();
            join(room);
        }
    }

    private void requireRoomFor(String room, int pending) {
        if (!isIn(room) && joinedRooms() + pending >= maxRooms) {
            throw new ClientError(ErrorCode.RATE_LIMITED, "a connection joins at most " + maxRooms + " rooms; leave one first");
        }
    }

    /**
     * Holds a place for {@code room} until the returned release runs (after the join it precedes was carried out or
     * refused); RATE_LIMITED if there is none. Asked before recording a join that the projector decides, so that a join
     * the gateway cannot carry out is never recorded as accepted, also when several are sent at once.
     */
    public Runnable reserveRoomFor(String room) {
        AtomicInteger pending = pendingJoins();
        synchronized (client) {
            requireRoomFor(room, pending.get());
            pending.incrementAndGet();
        }
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                pending.decrementAndGet();
            }
        };
    }

    private AtomicInteger pendingJoins() {
        synchronized (client) {
            AtomicInteger pending = client.get(PENDING_JOINS);
            if (pending == null) {
                pending = new AtomicInteger();
                client.set(PENDING_JOINS, pending);
            }
            return pending;
        }
    }

    /** The rooms this connection joined by its events: the namespace's room and its personal room aside. */
    private long joinedRooms() {
        return client.getAllRooms().stream().filter(room -> !room.isEmpty() && !room.equals(userId())).count();
    }

    public void leave(String room) {
        recovery.leave(this, room);
    }

    public boolean isIn(String room) {
        return client.getAllRooms().contains(room);
    }

    public void send(String event, Object payload) {
        client.sendEvent(event, payload);
    }
}
