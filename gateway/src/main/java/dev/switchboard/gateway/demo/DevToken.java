package dev.switchboard.gateway.demo;

/** A signed development token and what it says. */
public record DevToken(String token, String userId, String role, String name, String expiresAt) {
}
