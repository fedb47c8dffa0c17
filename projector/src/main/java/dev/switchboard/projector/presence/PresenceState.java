package dev.switchboard.projector.presence;

import java.time.Instant;
import java.util.List;

/**
 * A user's presence as built from the log: the connections open now (any gateway), the most recently closed
 * connection ids (so a late duplicate "opened" for a closed connection is ignored), the manual override,
 * and the derived {@code isOnline} / {@code lastActive}.
 */
public record PresenceState(
        String userId,
        List<OpenConnection> connections,
        List<String> recentlyClosed,
        boolean manualOffline,
        boolean isOnline,
        Instant lastActive) {

    static final int RECENTLY_CLOSED_KEPT = 50;

    public PresenceState {
        connections = List.copyOf(connections);
        recentlyClosed = List.copyOf(recentlyClosed);
    }

    public static PresenceState unknown(String userId) {
        return new PresenceState(userId, List.of(), List.of(), false, false, null);
    }

    public record OpenConnection(String connectionId, String gatewayId, String gatewayRunId) {
    }

    boolean isOpen(String connectionId) {
        return connections.stream().anyMatch(c -> c.connectionId().equals(connectionId));
    }

    boolean wasClosed(String connectionId) {
        return recentlyClosed.contains(connectionId);
    }
}
