package dev.switchboard.gateway.presence;

import dev.switchboard.events.Envelope;
import dev.switchboard.events.presence.PresenceAction.OnlineStatusRequested;
import dev.switchboard.events.presence.PresenceAction.OnlineStatusSet;
import dev.switchboard.events.presence.PresenceAction.UserJoined;
import dev.switchboard.events.presence.PresenceUpdate.OnlineStatusReported;
import dev.switchboard.gateway.GatewaySettings;
import dev.switchboard.gateway.errors.ClientError;
import dev.switchboard.gateway.kafka.ActionRecorder;
import dev.switchboard.gateway.kafka.PendingReplies;
import dev.switchboard.gateway.socket.Payloads;
import dev.switchboard.gateway.socket.SocketEvent;
import dev.switchboard.gateway.socket.SocketEvents;
import dev.switchboard.gateway.socket.SocketSession;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** {@code user-join}, {@code set-online-status}, {@code get-online-status} (PROTOCOL §4, §6). */
@Component
public class PresenceSocketEvents implements SocketEvents {
    private final GatewaySettings settings;
    private final ActionRecorder recorder;
    private final PendingReplies replies;

    public PresenceSocketEvents(GatewaySettings settings, ActionRecorder recorder, PendingReplies replies) {
        this.settings = settings;
        this.recorder = recorder;
        this.replies = replies;
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
        requireOwnId(session, userId);
        session.join(userId);
        return recorder.record(Envelope.newAction(
                        new UserJoined(userId, session.connectionId(), settings.gatewayId(), settings.gatewayRunId()),
                        session.user().actor(), userId, Instant.now()))
                .thenApply(recorded -> Map.of("userId", userId));
    }

    private CompletionStage<Map<String, Object>> setOnlineStatus(SocketSession session, OnlineStatusChoice choice) {
        requireOwnId(session, choice.userId());
        return recorder.record(Envelope.newAction(new OnlineStatusSet(choice.userId(), choice.isOnline()),
                        session.user().actor(), choice.userId(), Instant.now()))
                .thenApply(recorded -> Map.of("userId", choice.userId(), "isOnline", choice.isOnline()));
    }

    /** Asked through the log so that the answer reflects every presence action recorded before it. */
    private CompletionStage<Map<String, Object>> getOnlineStatus(SocketSession session, String userId) {
        Envelope<OnlineStatusRequested> request = Envelope.newAction(new OnlineStatusRequested(userId, session.connectionId()),
                session.user().actor(), userId, Instant.now());
        CompletableFuture<Envelope<?>> reply = replies.expect(request.correlationId());
        return recorder.record(request)
                .whenComplete((ok, failure) -> {
                    if (failure != null) {
                        replies.forget(request.correlationId());
                    }
                })
                .thenCompose(recorded -> reply)
                .thenApply(update -> PresencePushes.statusBody((OnlineStatusReported) update.payload()));
    }

    static void requireOwnId(SocketSession session, String userId) {
        if (!session.userId().equals(userId)) {
            throw ClientError.forbidden("you can only act as yourself");
        }
    }
}
