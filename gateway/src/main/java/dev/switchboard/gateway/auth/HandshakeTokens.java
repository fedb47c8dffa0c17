package dev.switchboard.gateway.auth;

import com.corundumstudio.socketio.HandshakeData;

import java.util.Map;

/** Where a socket's token is read from, in the contract's order: {@code auth.token}, query {@code token}, Bearer header. */
public final class HandshakeTokens {
    private HandshakeTokens() {
    }

    public static String find(Object authData, HandshakeData handshake) {
        if (authData instanceof Map<?, ?> auth && auth.get("token") instanceof String token && !token.isBlank()) {
            return token;
        }
        if (handshake == null) {
            return null;
        }
        String query = handshake.getSingleUrlParam("token");
        if (query != null && !query.isBlank()) {
            return query;
        }
        String header = handshake.getHttpHeaders() == null ? null : handshake.getHttpHeaders().get("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return header.substring(7).trim();
        }
        return null;
    }
}
