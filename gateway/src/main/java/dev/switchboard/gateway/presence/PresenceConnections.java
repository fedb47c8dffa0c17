package dev.switchboard.gateway.presence;

import dev.switchboard.events.Envelope;
import dev.switchboard.events.presence.PresenceAction.ConnectionClosed;
import dev.switchboard.events.presence.PresenceAction.ConnectionOpened;
import dev.switchboard.gateway.GatewaySettings;
import dev.switchboard.gateway.kafka.ActionRecorder;
import dev.switchboard.gateway.socket.ConnectionLifecycle;
import dev.switchboard.gateway.socket.SocketSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records every authenticated connection opening and closing on the presence log; joins the personal room.
 *
 * <p>A socket is known to presence by a <em>presence id</em>: its connection id at first, a fresh one each time it is
 * announced again. The projector never reopens a closed id, so when its watchdog closed the connections of this
 * gateway while the log was unreachable, this gateway announces the sockets it still holds under new ids (opening
 * the new id before closing the old one, so the user never flickers offline).
 */
@Component
public class PresenceConnections implements ConnectionLifecycle {
    private static final Logger log = LoggerFactory.getLogger(PresenceConnections.class);
    static final String CLOSED_BY_CLIENT = "disconnect";
    static final String REANNOUNCED = "reannounced";

    private final GatewaySettings settings;
    private final ActionRecorder recorder;
    /** Live sockets by connection id, with the presence id they are known by now. */
    private final Map<String, Announced> live = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> connectionsByUser = new ConcurrentHashMap<>();

    private record Announced(SocketSession session, String presenceId, int generation) {
    }

    public PresenceConnections(GatewaySettings settings, ActionRecorder recorder) {
        this.settings = settings;
        this.recorder = recorder;
    }

    @Override
    public void opened(SocketSession session) {
        session.join(session.userId());
        live.put(session.connectionId(), new Announced(session, session.connectionId(), 0));
        connectionsByUser.computeIfAbsent(session.userId(), user -> ConcurrentHashMap.newKeySet()).add(session.connectionId());
        recordOpened(session, session.connectionId());
    }

    @Override
    public void closed(SocketSession session) {
        connectionsByUser.computeIfPresent(session.userId(), (user, ids) -> {
            ids.remove(session.connectionId());
            return ids.isEmpty() ? null : ids;
        });
        Announced announced = live.remove(session.connectionId());
        recordClosed(session, announced == null ? session.connectionId() : announced.presenceId(), CLOSED_BY_CLIENT);
    }

    /** Whether the user has a connection open on this gateway, as of now (the log and the read model learn it later). */
    public boolean hasConnectionHere(String userId) {
        return connectionsByUser.containsKey(userId);
    }

    /** The id presence knows this socket by now. */
    public String presenceIdOf(SocketSession session) {
        Announced announced = live.get(session.connectionId());
        return announced == null ? session.connectionId() : announced.presenceId();
    }

    /** The projector says the user has no connection open: announce again every socket of theirs this gateway holds. */
    void reannounceLiveConnectionsOf(String userId) {
        for (String connectionId : List.copyOf(connectionsByUser.getOrDefault(userId, Set.of()))) {
            live.computeIfPresent(connectionId, (id, before) -> reannounced(id, before));
        }
    }

    /**
     * The watchdog closed the connection presence knew as {@code presenceId} on gateway run {@code runId} while the user
     * kept others open: if it is this run's and the socket is still open here (this gateway was frozen, not dead),
     * announce it again.
     */
    void reannounceExpired(String userId, String presenceId, String runId) {
        if (!settings.gatewayRunId().equals(runId)) {
            return;
        }
        for (String connectionId : List.copyOf(connectionsByUser.getOrDefault(userId, Set.of()))) {
            live.computeIfPresent(connectionId, (id, before) -> before.presenceId().equals(presenceId) ? reannounced(id, before) : before);
        }
    }

    private Announced reannounced(String connectionId, Announced before) {
        String presenceId = connectionId + "~" + (before.generation() + 1);
        log.info("presence lost connection {} of user {} that is still open here: announcing it as {}", before.presenceId(),
                before.session().userId(), presenceId);
        recordOpened(before.session(), presenceId);
        recordClosed(before.session(), before.presenceId(), REANNOUNCED);
        return new Announced(before.session(), presenceId, before.generation() + 1);
    }

    private void recordOpened(SocketSession session, String presenceId) {
        recorder.recordBookkeeping(Envelope.newAction(
                new ConnectionOpened(session.userId(), presenceId, settings.gatewayId(), settings.gatewayRunId()),
                session.user().actor(), session.userId(), Instant.now()));
    }

    private void recordClosed(SocketSession session, String presenceId, String reason) {
        recorder.recordBookkeeping(Envelope.newAction(
                new ConnectionClosed(session.userId(), presenceId, settings.gatewayId(), settings.gatewayRunId(), reason),
                session.user().actor(), session.userId(), Instant.now()));
    }
}
