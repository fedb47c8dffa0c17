package dev.switchboard.gateway.auth;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;

import javax.crypto.SecretKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.regex.Pattern;

/** HS256 tokens: verification for every connection and request, and minting for the dev-token command and tests. */
public final class Tokens {
    private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final SecretKey key;

    public Tokens(String secret) {
        this.key = Keys.hmacShaKeyFor(secret.getBytes(StandardCharsets.UTF_8));
    }

    /** The user a valid token names, or empty for a missing, malformed, wrongly signed or expired token. */
    public Optional<AuthenticatedUser> verify(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        try {
            Claims claims = Jwts.parser().verifyWith(key).build().parseSignedClaims(token.trim()).getPayload();
            String subject = claims.getSubject();
            Optional<Role> role = Role.fromWire(claims.get("role", String.class));
            if (subject == null || !USER_ID.matcher(subject).matches() || role.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new AuthenticatedUser(subject, role.get(),
                    claims.get("name", String.class), claims.get("picture", String.class)));
        } catch (JwtException | IllegalArgumentException | ClassCastException e) {
            return Optional.empty();
        }
    }

    public String mint(String userId, Role role, String name, String picture, Duration ttl) {
        Instant now = Instant.now();
        var builder = Jwts.builder()
                .subject(userId)
                .claim("role", role.wire())
                .issuedAt(Date.from(now))
                .expiration(Date.from(now.plus(ttl)));
        if (name != null) {
            builder.claim("name", name);
        }
        if (picture != null) {
            builder.claim("picture", picture);
        }
        return builder.signWith(key, Jwts.SIG.HS256).compact();
    }
}
