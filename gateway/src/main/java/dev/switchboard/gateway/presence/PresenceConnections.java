package dev.switchboard.gateway.presence;

import dev.switchboard.events.Envelope;
import dev.switchboard.events.presence.PresenceAction.ConnectionClosed;
import dev.switchboard.events.presence.PresenceAction.ConnectionOpened;
import dev.switchboard.gateway.GatewaySettings;
import dev.switchboard.gateway.kafka.ActionRecorder;
import dev.switchboard.gateway.socket.ConnectionLifecycle;
import dev.switchboard.gateway.socket.SocketSession;
import org.springframework.stereotype.Component;

import java.time.Instant;

/** Records every authenticated connection opening and closing on the presence log; joins the personal room. */
@Component
public class PresenceConnections implements ConnectionLifecycle {
    static final String CLOSED_BY_CLIENT = "disconnect";

    private final GatewaySettings settings;
    private final ActionRecorder recorder;

    public PresenceConnections(GatewaySettings settings, ActionRecorder recorder) {
        this.settings = settings;
        this.recorder = recorder;
    }

    @Override
    public void opened(SocketSession session) {
        session.join(session.userId());
        recorder.record(Envelope.newAction(
                new ConnectionOpened(session.userId(), session.connectionId(), settings.gatewayId(), settings.gatewayRunId()),
                session.user().actor(), session.userId(), Instant.now()));
    }

    @Override
    public void closed(SocketSession session) {
        recorder.record(Envelope.newAction(
                new ConnectionClosed(session.userId(), session.connectionId(), settings.gatewayId(), settings.gatewayRunId(), CLOSED_BY_CLIENT),
                session.user().actor(), session.userId(), Instant.now()));
    }
}
