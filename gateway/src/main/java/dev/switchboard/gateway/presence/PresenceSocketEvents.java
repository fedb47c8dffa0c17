package dev.switchboard.gateway.presence;

import dev.switchboard.events.Envelope;
import dev.switchboard.events.presence.PresenceAction.OnlineStatusRequested;
import dev.switchboard.events.presence.PresenceAction.OnlineStatusSet;
import dev.switchboard.events.presence.PresenceAction.UserJoined;
import dev.switchboard.events.presence.PresenceUpdate.OnlineStatusReported;
import dev.switchboard.gateway.GatewaySettings;
import dev.switchboard.gateway.kafka.ActionRecorder;
import dev.switchboard.gateway.kafka.Outcomes;
import dev.switchboard.gateway.socket.Payloads;
import dev.switchboard.gateway.socket.SocketEvent;
import dev.switchboard.gateway.socket.SocketEvents;
import dev.switchboard.gateway.socket.SocketSession;
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
    private final Outcomes outcomes;

    public PresenceSocketEvents(GatewaySettings settings, ActionRecorder recorder, Outcomes outcomes) {
        this.settings = settings;
        this.recorder = recorder;
        this.outcomes = outcomes;
    }

    record OnlineStatusChoice(String userId, boolean isOnline) {
    }

    @Override
    public List<SocketEvent<?>> events() {
        return List.of(
                new SocketEvent<>("user-join", Payloads.idOrObjectWith("userId"), this::userJoin),
                new SocketEvent<>("set-online-status", PresenceSocketEvents::parseOnlineStatusChoice, this::setOnlineStatus),
                new SocketEvent<>("get-online-status", Payloads.idOrObjectWith("userId"), this::getOnlineStatus));
    }

    private static OnlineStatusChoice parseOnlineStatusChoice(Object raw) {
        Map<?, ?> payload = Payloads.object(raw);
        return new OnlineStatusChoice(Payloads.requireId(payload.get("userId"), "userId"), Payloads.requireBoolean(payload, "isOnline"));
    }

    private CompletionStage<Map<String, Object>> userJoin(SocketSession session, String userId) {
        session.requireOwnId(userId);
        session.join(userId);
        return recorder.record(Envelope.newAction(
                        new UserJoined(userId, session.connectionId(), settings.gatewayId(), settings.gatewayRunId()),
                        session.user().actor(), userId, Instant.now()))
                .thenApply(recorded -> Map.of("userId", userId));
    }

    private CompletionStage<Map<String, Object>> setOnlineStatus(SocketSession session, OnlineStatusChoice choice) {
        session.requireOwnId(choice.userId());
        return recorder.record(Envelope.newAction(new OnlineStatusSet(choice.userId(), choice.isOnline()),
                        session.user().actor(), choice.userId(), Instant.now()))
                .thenApply(recorded -> Map.of("userId", choice.userId(), "isOnline", choice.isOnline()));
    }

    /** Asked through the log so that the answer reflects every presence action recorded before it. */
    private CompletionStage<Map<String, Object>> getOnlineStatus(SocketSession session, String userId) {
        Envelope<OnlineStatusRequested> request = Envelope.newAction(new OnlineStatusRequested(userId, session.connectionId()),
                session.user().actor(), userId, Instant.now());
        return outcomes.submit(request)
                .thenApply(update -> PresencePushes.statusBody((OnlineStatusReported) update.payload()).ackBody());
    }
}
