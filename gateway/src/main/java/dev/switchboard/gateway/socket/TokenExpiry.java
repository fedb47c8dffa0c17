package dev.switchboard.gateway.socket;

import dev.switchboard.events.ErrorCode;
import dev.switchboard.gateway.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A connection lives no longer than its token: when the token's {@code exp} passes, the connection is told
 * {@code socket-error { event: "token", code: "UNAUTHORIZED", message }} and disconnected, so a frontend can connect again
 * with a fresh token (socket.io-client does not reconnect by itself after a server-side disconnect).
 */
@Component
public class TokenExpiry implements ConnectionLifecycle, AutoCloseable {
    static final String MESSAGE = "token expired";

    private static final Logger log = LoggerFactory.getLogger(TokenExpiry.class);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("token-expiry"));
    private final Map<String, ScheduledFuture<?>> scheduled = new ConcurrentHashMap<>();
    private final ConnectAnswers answers;

    TokenExpiry(ConnectAnswers answers) {
        this.answers = answers;
    }

    @Override
    public void opened(SocketSession session) {
        Instant expiresAt = session.user().expiresAt();
        if (expiresAt == null) {
            return;
        }
        long delay = Math.max(0, Duration.between(Instant.now(), expiresAt).toMillis());
        // a token that expires as it connects is told so after the CONNECT answer, not before it
        scheduled.put(session.connectionId(), timer.schedule(() -> answers.send(session.client().getSessionId(), () -> expire(session)),
                delay, TimeUnit.MILLISECONDS));
    }

    private void expire(SocketSession session) {
        scheduled.remove(session.connectionId());
        log.info("disconnecting connection {} of user {}: its token expired", session.connectionId(), session.userId());
        session.send("socket-error", Map.of("event", "token", "code", ErrorCode.UNAUTHORIZED.name(), "message", MESSAGE));
        session.client().disconnect();
    }

    @Override
    public void closed(SocketSession session) {
        ScheduledFuture<?> pending = scheduled.remove(session.connectionId());
        if (pending != null) {
            pending.cancel(false);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
