package dev.switchboard.gateway.recovery;

import com.corundumstudio.socketio.SocketIOClient;
import dev.switchboard.gateway.DaemonThreads;
import dev.switchboard.gateway.GatewaySettings;
import dev.switchboard.gateway.auth.AuthenticatedUser;
import dev.switchboard.gateway.kafka.LogCut;
import dev.switchboard.gateway.kafka.PushedPositions;
import dev.switchboard.gateway.kafka.RoomTopics;
import dev.switchboard.gateway.kafka.UpdateListener;
import dev.switchboard.gateway.socket.SessionRecovery;
import dev.switchboard.gateway.socket.SocketRooms;
import dev.switchboard.gateway.socket.SocketSession;
import dev.switchboard.gateway.store.GatewayReadModels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Socket.IO v4 connection state recovery, served from the log, on any gateway. Every session gets a private id
 * ({@code pid}, 128 random bits) in its CONNECT answer; its rooms are kept in {@code socket_sessions} as it joins and
 * leaves them. A client that comes back within {@code RECOVERY_WINDOW} with that pid, the offset of the last room
 * packet it got, and a valid token of the same user, gets the same {@code sid}, its rooms, and every room packet it
 * missed, in order, before live ones ({@link SessionReplay}). An unknown or expired pid gets a new session; another
 * user's token is refused.
 */
@Component
public class RecoverableSessions implements SessionRecovery, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RecoverableSessions.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration PURGE_EVERY = Duration.ofHours(1);

    private final GatewaySettings settings;
    private final PushedPositions positions;
    private final ObjectProvider<SocketRooms> rooms;
    private final ObjectProvider<UpdateListener> listener;
    private final SessionStore store;
    private final GatewayReadModels readModels;
    private final boolean enabled;
    /** What the CONNECT answer of each Engine.IO session says, until the connection opens. */
    private final Map<UUID, Prepared> prepared = new ConcurrentHashMap<>();
    /** Each open connection's session, by connection id. */
    private final Map<String, SessionState> open = new ConcurrentHashMap<>();
    /**
     * Replays go at their clients' pace and give their thread back while they wait for them, so slow phones do not hold
     * up the rest; a replay's start waits for the broker (its consumer's first fetch), so that many start at once.
     */
    private final ScheduledExecutorService replays = Executors.newScheduledThreadPool(8, DaemonThreads.named("socket-session-replays"));
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("socket-session-timers"));

    private record Prepared(SessionState state, LogCut cameBackWith, boolean recovered) {
    }

    /** The session a {@link Recovered} decision restores, and the cut its client came back with (null: none given). */
    private record Restoring(SessionState state, LogCut cameBackWith) {
    }

    public RecoverableSessions(GatewaySettings settings, PushedPositions positions, ObjectProvider<SocketRooms> rooms,
                               ObjectProvider<UpdateListener> listener, GatewayReadModels store) {
        this.settings = settings;
        this.positions = positions;
        this.rooms = rooms;
        this.listener = listener;
        this.store = new SessionStore(store.gatewayCollection(SessionStore.SESSIONS), store.gatewayCollection(SessionStore.RUNS));
        this.readModels = store;
        this.enabled = !settings.recoveryWindow().isZero();
        if (enabled) {
            long touch = Math.max(1, Math.min(60_000, settings.recoveryWindow().toMillis() / 4));
            timers.scheduleAtFixedRate(() -> this.store.runAlive(settings.gatewayRunId(), Instant.now()), 0, touch, TimeUnit.MILLISECONDS);
            timers.scheduleAtFixedRate(() -> this.store.purge(Instant.now().minus(settings.recoveryWindow())),
                    PURGE_EVERY.toMillis(), PURGE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public Decision decide(Object authData, AuthenticatedUser user) {
        if (!enabled || !(authData instanceof Map<?, ?> auth) || !(auth.get("pid") instanceof String pid) || pid.length() > 64) {
            return new NewSession();
        }
        if (!readModels.isReachable()) {
            // the lookup runs on a socket thread: a store known to be down gets the client a new session at once
            log.debug("the store is unreachable: a session coming back gets a new one");
            return new NewSession();
        }
        SessionState state;
        Instant alive;
        try {
            Optional<SessionState> stored = store.find(pid);
            if (stored.isEmpty()) {
                return new NewSession();
            }
            state = stored.get();
            if (!state.userId.equals(user.userId())) {
                log.info("refused a recovery of another user's session (token of {})", user.userId());
                return new Refused("this session is another user's");
            }
            if (!user.role().wire().equals(state.role)) {
                // its rooms were joined in another role (an admin's dashboard and tickets): start afresh, rejoin as this one
                return new NewSession();
            }
            alive = lastAlive(state);
        } catch (RuntimeException e) {
            log.warn("could not read socket session, starting a new one: {}", e.toString()); // the frontend refetches
            return new NewSession();
        }
        if (alive.plus(settings.recoveryWindow()).isBefore(Instant.now())) {
            return new NewSession();
        }
        int layout = positions.layout().size();
        if (state.roomsNow().values().stream().anyMatch(cut -> cut.size() != layout)) {
            return new NewSession(); // joined under another layout of the topics: its positions mean nothing now
        }
        LogCut cameBackWith = null;
        if (auth.get("offset") != null) {
            Optional<LogCut> offset = auth.get("offset") instanceof String text ? LogCut.parse(text) : Optional.empty();
            if (offset.isEmpty() || offset.get().size() != layout) {
                return new NewSession();
            }
            cameBackWith = offset.get();
        }
        return new Recovered(pid, new Restoring(state, cameBackWith));
    }

    /** A session whose gateway died was alive until that gateway run's last sign of life. */
    private Instant lastAlive(SessionState state) {
        if (state.connectionId == null) {
            return state.lastSeen;
        }
        return store.runLastSeen(state.gatewayRunId).filter(run -> run.isAfter(state.lastSeen)).orElse(state.lastSeen);
    }

    @Override
    public void prepare(UUID engineSession, Decision decision) {
        if (!enabled) {
            return;
        }
        if (decision instanceof Recovered recovered && recovered.state() instanceof Restoring restoring) {
            prepared.put(engineSession, new Prepared(restoring.state(), restoring.cameBackWith(), true));
        } else {
            String pid = newPid();
            prepared.put(engineSession, new Prepared(new SessionState(pid, engineSession.toString(), null, null, Map.of(), null, null, Instant.now()),
                    null, false));
        }
    }

    private static String newPid() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public Map<String, Object> connectAnswer(UUID engineSession) {
        Prepared answer = prepared.get(engineSession);
        SessionState state = answer != null ? answer.state() : open.get(engineSession.toString());
        if (state == null) {
            return Map.of();
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sid", state.sid);
        body.put("pid", state.pid);
        return body;
    }

    @Override
    public Optional<String> opened(SocketSession session) {
        Prepared answer = prepared.get(session.client().getSessionId());
        if (answer == null) {
            return Optional.empty();
        }
        SessionState state = answer.recovered() ? answer.state()
                : new SessionState(answer.state().pid, answer.state().sid, session.userId(), session.user().role().wire(), Map.of(), null, null,
                        Instant.now());
        Optional<String> superseded = Optional.ofNullable(answer.recovered() ? state.connectionId : null)
                .filter(connection -> !connection.equals(session.connectionId()));
        state.connectionId = session.connectionId();
        state.gatewayRunId = settings.gatewayRunId();
        state.lastSeen = Instant.now();
        open.put(session.connectionId(), state);
        // the connection left behind no longer holds the session: its close writes nothing, and nothing is read back
        superseded.ifPresent(open::remove);
        store.take(state);
        if (answer.recovered()) {
            restore(session, state, answer.cameBackWith());
        }
        // the answer is serialized when netty-socketio sends it, after this; the open session answers from then on
        prepared.remove(session.client().getSessionId());
        return superseded;
    }

    /**
     * Rejoins the session's rooms and holds live packets back, between two records' pushes: the records up to that cut
     * are replayed, those after it arrive live. Then replays and lets live packets through.
     */
    private void restore(SocketSession session, SessionState state, LogCut cameBackWith) {
        SocketIOClient client = session.client();
        Map<String, LogCut> joined = state.roomsNow();
        LogCut from = replayFrom(positions.layout(), cameBackWith, joined);
        SocketRooms socketRooms = rooms.getObject();
        LogCut until = positions.between(cut -> {
            socketRooms.holdLivePackets(client, from);
            joined.keySet().forEach(client::joinRoom);
            return cut;
        });
        long started = System.nanoTime();
        CompletableFuture<Integer> replayed;
        try {
            replayed = new SessionReplay(settings.kafkaCluster(), "switchboard-gateway-replay-" + settings.gatewayId(), positions.layout(),
                    listener.getObject(), socketRooms, Duration.ofMillis(settings.pingTimeout()), replays)
                    .start(client, () -> open.get(session.connectionId()) == state, state.userId, joined, from, until);
        } catch (RuntimeException e) {
            replayed = CompletableFuture.failedFuture(e);
        }
        replayed.whenComplete((sent, failure) -> {
            if (failure != null) {
                log.warn("could not replay session {}'s missed packets: {}", session.connectionId(), failure.toString());
            }
            positions.between(cut -> {
                socketRooms.release(client);
                return null;
            });
            log.debug("recovered session of {}: {} missed packets in {} ms", state.userId, sent, (System.nanoTime() - started) / 1_000_000);
        });
    }

    /**
     * Where the replay starts: the cut the client came back with, but never before the earliest of its rooms' joins
     * (nothing earlier can be for this session, so a forged offset cannot make a gateway read the whole log).
     */
    private static LogCut replayFrom(RoomTopics layout, LogCut cameBackWith, Map<String, LogCut> joined) {
        long[] earliest = new long[layout.size()];
        Arrays.fill(earliest, Long.MAX_VALUE);
        for (LogCut cut : joined.values()) {
            for (int i = 0; i < earliest.length; i++) {
                earliest[i] = Math.min(earliest[i], cut.position(i));
            }
        }
        if (joined.isEmpty()) {
            return cameBackWith != null ? cameBackWith : LogCut.of(new long[layout.size()]);
        }
        LogCut floor = LogCut.of(earliest);
        return cameBackWith == null ? floor : cameBackWith.latest(floor);
    }

    @Override
    public void closed(SocketSession session) {
        prepared.remove(session.client().getSessionId());
        rooms.getObject().forgetRecovery(session.client().getSessionId());
        SessionState state = open.remove(session.connectionId());
        if (state != null) {
            store.closed(state, session.connectionId(), Instant.now());
        }
    }

    @Override
    public void discarded(UUID engineSession) {
        prepared.remove(engineSession);
    }

    @Override
    public void join(SocketSession session, String room) {
        SessionState state = open.get(session.connectionId());
        boolean changed = positions.between(cut -> {
            session.client().joinRoom(room);
            return state != null && state.join(room, cut);
        });
        if (changed) {
            store.update(state);
        }
    }

    @Override
    public void leave(SocketSession session, String room) {
        SessionState state = open.get(session.connectionId());
        boolean changed = positions.between(cut -> {
            session.client().leaveRoom(room);
            return state != null && state.leave(room);
        });
        if (changed) {
            store.update(state);
        }
    }

    @Override
    public void close() {
        timers.shutdownNow();
        // a replay waiting for its connection runs once more, finds it closed and closes its consumer
        replays.shutdown();
        try {
            replays.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        replays.shutdownNow();
        store.close();
    }
}
