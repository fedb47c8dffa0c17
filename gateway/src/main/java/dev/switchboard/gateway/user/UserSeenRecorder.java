package dev.switchboard.gateway.user;

import dev.switchboard.events.Envelope;
import dev.switchboard.events.user.UserAction.UserSeen;
import dev.switchboard.gateway.auth.AuthenticatedUser;
import dev.switchboard.gateway.auth.Role;
import dev.switchboard.gateway.kafka.ActionRecorder;
import dev.switchboard.gateway.socket.ConnectionLifecycle;
import dev.switchboard.gateway.socket.SocketSession;
import dev.switchboard.gateway.web.CallerSeen;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records a user's role and profile (token claims {@code role}, {@code name}, {@code picture}) in the log the first
 * time this gateway sees them and whenever they change, so that read models (roles for chat rules, senders'
 * profiles) are rebuilt from the log like everything else.
 */
@Component
public class UserSeenRecorder implements ConnectionLifecycle, CallerSeen {
    private final ActionRecorder recorder;
    private final Map<String, UserSeen> lastRecorded = new ConcurrentHashMap<>();

    public UserSeenRecorder(ActionRecorder recorder) {
        this.recorder = recorder;
    }

    @Override
    public void seen(AuthenticatedUser user) {
        if (user.role() == Role.SERVICE) {
            return;
        }
        UserSeen seen = new UserSeen(user.userId(), user.role().wire(), user.name(), user.picture());
        if (!seen.equals(lastRecorded.put(user.userId(), seen))) {
            recorder.recordBookkeeping(Envelope.newAction(seen, user.actor(), user.userId(), Instant.now()));
        }
    }

    @Override
    public void opened(SocketSession session) {
        seen(session.user());
    }

    @Override
    public void closed(SocketSession session) {
        // nothing: what a token said stays true after the connection
    }
}
