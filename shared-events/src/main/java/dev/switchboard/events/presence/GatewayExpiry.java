package dev.switchboard.events.presence;

/**
 * The projector takes a gateway run for dead, and closes its connections, after {@code GATEWAY_EXPIRY_MS} without a
 * heartbeat; gateways beat every {@code GATEWAY_HEARTBEAT_MS}. An expiry shorter than two heartbeats takes live gateways
 * for dead between beats: their users flap offline and online for as long as it runs.
 */
public final class GatewayExpiry {
    private GatewayExpiry() {
    }

    /** @throws IllegalStateException when {@code expiryMs} does not span two heartbeats */
    public static void requireTwoHeartbeats(long heartbeatMs, long expiryMs) {
        if (heartbeatMs <= 0 || expiryMs < 2 * heartbeatMs) {
            throw new IllegalStateException("GATEWAY_EXPIRY_MS (" + expiryMs + ") must be at least twice GATEWAY_HEARTBEAT_MS ("
                    + heartbeatMs + "), which must be positive: otherwise live gateways are taken for dead between heartbeats "
                    + "and their users flap offline and online");
        }
    }
}
