package dev.switchboard.gateway.presence;

import dev.switchboard.gateway.auth.Operation;
import dev.switchboard.gateway.auth.Authorization.Ownership;
import dev.switchboard.gateway.auth.Authorization;
import dev.switchboard.events.Envelope;
import dev.switchboard.events.presence.PresenceAction.OnlineStatusSet;
import dev.switchboard.events.presence.PresenceAction.UserJoined;
import dev.switchboard.gateway.GatewaySettings;
import dev.switchboard.gateway.input.Payloads;
import dev.switchboard.gateway.kafka.ActionRecorder;
import dev.switchboard.gateway.socket.SocketEvents;
import dev.switchboard.gateway.socket.SocketEvents.Row;
import dev.switchboard.gateway.socket.SocketSession;
import dev.switchboard.gateway.store.StoreReads;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/** {@code user-join}, {@code set-online-status}, {@code get-online-status} (docs/PROTOCOL.md §4, §6). */
@Component
public class PresenceSocketEvents implements SocketEvents {
    private final GatewaySettings settings;
    private final ActionRecorder recorder;
    private final PresenceConnections connections;
    private final PresenceLookups presence;
    private final StoreReads storeReads;

    public PresenceSocketEvents(GatewaySettings settings, ActionRecorder recorder, PresenceConnections connections,
                                PresenceLookups presence, StoreReads storeReads) {
        this.settings = settings;
        this.recorder = recorder;
        this.connections = connections;
        this.presence = presence;
        this.storeReads = storeReads;
    }

    record OnlineStatusChoice(String userId, boolean isOnline) {
    }

    @Override
    public List<Row<?>> events() {
        return List.of(
                new Row<>("user-join", Payloads.userIdOrObjectWith("userId"), this::userJoin),
                new Row<>("set-online-status", PresenceSocketEvents::parseOnlineStatusChoice, this::setOnlineStatus),
                new Row<>("get-online-status", Payloads.idOrObjectWith("userId"), this::getOnlineStatus));
    }

    private static OnlineStatusChoice parseOnlineStatusChoice(Object raw) {
        Map<?, ?> payload = Payloads.object(raw);
        return new OnlineStatusChoice(Payloads.requiredString(payload.get("userId"), "userId"), Payloads.requireBoolean(payload, "isOnline"));
    }

    private CompletionStage<Map<String, Object>> userJoin(SocketSession session, String userId) {
        Payloads.requireUserId(userId, session.userId(), "userId");
        Authorization.require(Operation.USER_JOIN, session.user(), Ownership.of(session.userId().equals(userId)));
        session.join(userId);
        return recorder.record(Envelope.newAction(
                        new UserJoined(userId, connections.presenceIdOf(session), settings.gatewayId(), settings.gatewayRunId()),
                        session.user().actor(), userId, Instant.now()))
                .thenApply(recorded -> Map.of("userId", userId));
    }

    private CompletionStage<Map<String, Object>> setOnlineStatus(SocketSession session, OnlineStatusChoice choice) {
        Payloads.requireUserId(choice.userId(), session.userId(), "userId");
        Authorization.require(Operation.SET_ONLINE_STATUS, session.user(), Ownership.of(session.userId().equals(choice.userId())));
        return recorder.record(Envelope.newAction(new OnlineStatusSet(choice.userId(), choice.isOnline()),
                        session.user().actor(), choice.userId(), Instant.now()))
                .thenApply(recorded -> Map.of("userId", choice.userId(), "isOnline", choice.isOnline()));
    }

    /**
     * Answered from the presence read model, so that asking writes nothing to the log (a question is not a fact;
     * the log keeps its records forever). The answer is as fresh as the projector.
     */
    private CompletionStage<Map<String, Object>> getOnlineStatus(SocketSession session, String userId) {
        Authorization.require(Operation.GET_ONLINE_STATUS, session.user(), Ownership.of(session.userId().equals(userId)));
        return storeReads.ask(() -> presence.status(userId)).thenApply(status -> {
            session.send("online-status", status);
            return status.ackBody();
        });
    }
}
