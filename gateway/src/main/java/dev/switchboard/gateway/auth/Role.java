package dev.switchboard.gateway.auth;

import java.util.Locale;
import java.util.Optional;

/** The roles a token can carry (claim {@code role}). */
public enum Role {
    CLIENT, PROVIDER, ADMIN, SERVICE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> fromWire(String value) {
        for (Role role : values()) {
            if (role.wire().equals(value)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
