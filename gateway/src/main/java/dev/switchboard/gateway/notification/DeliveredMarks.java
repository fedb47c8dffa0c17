package dev.switchboard.gateway.notification;

import dev.switchboard.gateway.socket.ConnectionLifecycle;
import dev.switchboard.gateway.socket.SocketSession;
import org.springframework.stereotype.Component;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which notifications each connection of this gateway was sent live (the last few hundred), so that a backlog released
 * to it skips them and each arrives once. Forgotten when the connection closes.
 */
@Component
public class DeliveredMarks implements ConnectionLifecycle {
    private static final int KEPT = 256;

    private final Map<String, Set<String>> byConnection = new ConcurrentHashMap<>();

    void mark(String connectionId, String notificationId) {
        byConnection.computeIfAbsent(connectionId, c -> Collections.synchronizedSet(Collections.newSetFromMap(new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > KEPT;
            }
        }))).add(notificationId);
    }

    boolean wasSent(String connectionId, String notificationId) {
        Set<String> marks = byConnection.get(connectionId);
        return marks != null && marks.contains(notificationId);
    }

    @Override
    public void opened(SocketSession session) {
    }

    @Override
    public void closed(SocketSession session) {
        byConnection.remove(session.connectionId());
    }
}
