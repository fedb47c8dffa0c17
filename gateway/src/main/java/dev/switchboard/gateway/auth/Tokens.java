package dev.switchboard.gateway.auth;

import dev.switchboard.events.Ids;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.JwtParserBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import io.jsonwebtoken.security.SignatureException;

import javax.crypto.SecretKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Token verification for every connection and request ({@link TokenSettings}: HS256 by default, with the previous
 * secret too while it is rotated; RS/ES with the identity provider's public key or JWKS; {@code exp}, {@code nbf},
 * optional issuer and audience), and HS256 minting for the dev-token command and tests.
 */
public final class Tokens {
    private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final SecretKey key;
    private final JwtParser parser;
    /** Checks HS256 tokens signed with the secret being replaced ({@code JWT_PREVIOUS_SECRET}), or null. */
    private final JwtParser previousSecretParser;

    /** HS256 with a shared secret, for verifying and minting. */
    public Tokens(String secret) {
        this(TokenSettings.sharedSecret(secret));
    }

    public Tokens(TokenSettings settings) {
        this(settings, VerificationKeys.JWKS_MIN_REFETCH);
    }

    /** {@code jwksMinRefetch}: how soon an unknown {@code kid} may make the JWK set be fetched again (tests shorten it). */
    Tokens(TokenSettings settings, Duration jwksMinRefetch) {
        this.key = settings.hasSecret() ? hmacKey(settings.secret()) : null;
        this.parser = parser(settings, new VerificationKeys(settings, key, jwksMinRefetch));
        this.previousSecretParser = settings.hasPreviousSecret()
                ? parser(settings, new VerificationKeys(TokenSettings.sharedSecret(settings.previousSecret()), hmacKey(settings.previousSecret()), jwksMinRefetch))
                : null;
    }

    private static SecretKey hmacKey(String secret) {
        return Keys.hmacShaKeyFor(secret.getBytes(StandardCharsets.UTF_8));
    }

    private static JwtParser parser(TokenSettings settings, VerificationKeys keys) {
        JwtParserBuilder builder = Jwts.parser().keyLocator(keys).clockSkewSeconds(settings.clockSkew().toSeconds());
        if (!TokenSettings.blank(settings.issuer())) {
            builder.requireIssuer(settings.issuer());
        }
        if (!TokenSettings.blank(settings.audience())) {
            builder.requireAudience(settings.audience());
        }
        return builder.build();
    }

    /** The user a valid token names, or empty for a missing, malformed, wrongly signed or expired token. */
    public Optional<AuthenticatedUser> verify(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        try {
            Claims claims = claimsOf(token.trim());
            String subject = claims.getSubject();
            Optional<Role> role = Role.fromWire(claims.get("role", String.class));
            if (role.isEmpty() || !acceptsSubject(subject, role.get())) {
                return Optional.empty();
            }
            Date expiration = claims.getExpiration();
            return Optional.of(new AuthenticatedUser(subject, role.get(), wellFormed(claims.get("name", String.class)),
                    wellFormed(claims.get("picture", String.class)), expiration == null ? null : expiration.toInstant()));
        } catch (JwtException | IllegalArgumentException | ClassCastException e) {
            return Optional.empty();
        }
    }

    /** The claims of a token signed with the secret, or, while it is being rotated, with the previous one. */
    private Claims claimsOf(String token) {
        try {
            return parser.parseSignedClaims(token).getPayload();
        } catch (SignatureException e) {
            if (previousSecretParser == null) {
                throw e;
            }
            return previousSecretParser.parseSignedClaims(token).getPayload();
        }
    }

    /**
     * The claim with each surrogate that has no pair replaced by U+FFFD. An identity provider that cuts display names by
     * UTF-16 length leaves one behind an emoji; the event log takes only valid Unicode, so the user could connect but
     * never write (every message carries the sender's name and picture).
     */
    static String wellFormed(String claim) {
        if (claim == null) {
            return null;
        }
        StringBuilder text = null;
        for (int i = 0; i < claim.length(); i++) {
            char c = claim.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < claim.length() && Character.isLowSurrogate(claim.charAt(i + 1));
            if (paired) {
                if (text != null) {
                    text.append(c).append(claim.charAt(i + 1));
                }
                i++;
            } else if (Character.isSurrogate(c)) {
                if (text == null) {
                    text = new StringBuilder(claim.length()).append(claim, 0, i);
                }
                text.append('\uFFFD');
            } else if (text != null) {
                text.append(c);
            }
        }
        return text == null ? claim : text.toString();
    }

    /** A user's {@code sub} is an ObjectId string; a service's may be any name of 1–64 of A-Z a-z 0-9 _ -. */
    public static boolean acceptsSubject(String subject, Role role) {
        return subject != null && USER_ID.matcher(subject).matches() && (role == Role.SERVICE || Ids.isValid(subject));
    }

    public String mint(String userId, Role role, String name, String picture, Duration ttl) {
        if (key == null) {
            throw new IllegalStateException("tokens are minted with JWT_SECRET, which is not set");
        }
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
