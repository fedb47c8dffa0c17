package dev.switchboard.gateway.auth;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokensTest {
    private static final String SECRET = "unit-test-secret-that-is-long-enough-0123456789";
    private final Tokens tokens = new Tokens(SECRET);

    @Test
    void aMintedTokenVerifiesWithItsClaims() {
        String token = tokens.mint("6901e54215fc6770c2a8bccb", Role.PROVIDER, "John Doe", "https://example.com/p.jpg", Duration.ofMinutes(5));

        AuthenticatedUser user = tokens.verify(token).orElseThrow();

        assertEquals("6901e54215fc6770c2a8bccb", user.userId());
        assertEquals(Role.PROVIDER, user.role());
        assertEquals("John Doe", user.name());
        assertEquals("https://example.com/p.jpg", user.picture());
        assertTrue(Duration.between(Instant.now(), user.expiresAt()).toSeconds() > 290, "expiresAt is the token's exp");
    }

    @Test
    void aSurrogateWithoutItsPairInTheNameOrPictureBecomesTheReplacementCharacter() {
        String cutAfterHalfAnEmoji = "Zo\u00eb \ud83d";
        String token = tokens.mint("6901e54215fc6770c2a8bccb", Role.CLIENT, cutAfterHalfAnEmoji, "https://x.example/\ude00p.jpg", Duration.ofMinutes(5));

        AuthenticatedUser user = tokens.verify(token).orElseThrow();

        assertEquals("Zo\u00eb \ufffd", user.name());
        assertEquals("https://x.example/\ufffdp.jpg", user.picture());
        assertEquals("a \ud83d\ude00 b", Tokens.wellFormed("a \ud83d\ude00 b"), "a pair is kept");
        assertEquals("\ufffd\ud83d\ude00\ufffd", Tokens.wellFormed("\ude00\ud83d\ude00\ud83d"));
    }

    @Test
    void refusesMissingMalformedForeignAndExpiredTokens() {
        assertTrue(tokens.verify(null).isEmpty());
        assertTrue(tokens.verify("").isEmpty());
        assertTrue(tokens.verify("a.b.c").isEmpty());
        assertTrue(new Tokens("another-secret-that-is-long-enough-0123456789").verify(
                tokens.mint("u1", Role.CLIENT, null, null, Duration.ofMinutes(5))).isEmpty());
        assertTrue(tokens.verify(tokens.mint("u1", Role.CLIENT, null, null, Duration.ofSeconds(-5))).isEmpty());
    }

    @Test
    void whileTheSecretIsRotatedTokensOfThePreviousOneStillVerifyAndNewOnesAreMintedWithTheNewOne() {
        String next = "the-next-unit-test-secret-long-enough-0123456789";
        String user = "6901e54215fc6770c2a8bccb";
        String oldToken = tokens.mint(user, Role.CLIENT, null, null, Duration.ofMinutes(5));
        Tokens rotating = new Tokens(new TokenSettings(next, SECRET, null, null, null, null, null));

        assertEquals(user, rotating.verify(oldToken).orElseThrow().userId(), "a token of the previous secret");
        String newToken = rotating.mint(user, Role.CLIENT, null, null, Duration.ofMinutes(5));
        assertEquals(user, new Tokens(next).verify(newToken).orElseThrow().userId(), "minted with the new secret");
        assertTrue(tokens.verify(newToken).isEmpty(), "not with the previous one");
        assertTrue(new Tokens(next).verify(oldToken).isEmpty(), "once the previous secret is dropped, its tokens are refused");
        assertTrue(rotating.verify(new Tokens("a-third-secret-that-is-long-enough-0123456789")
                .mint(user, Role.CLIENT, null, null, Duration.ofMinutes(5))).isEmpty(), "a token of neither");
        assertTrue(rotating.verify(tokens.mint(user, Role.CLIENT, null, null, Duration.ofSeconds(-5))).isEmpty(),
                "an expired token of the previous secret");
    }

    @Test
    void aPreviousSecretNeedsTheSecretThatReplacesIt() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> new TokenSettings(null, SECRET, null, URI.create("https://idp.example/jwks"), null, null, null));
        assertTrue(refused.getMessage().contains("set JWT_SECRET too"), refused.getMessage());
    }

    @Test
    void refusesTokensWithoutSubjectOrWithAnUnknownRole() {
        var key = Keys.hmacShaKeyFor(SECRET.getBytes(StandardCharsets.UTF_8));
        Date later = Date.from(Instant.now().plusSeconds(300));
        String noSubject = Jwts.builder().claim("role", "client").expiration(later).signWith(key).compact();
        String unknownRole = Jwts.builder().subject("u1").claim("role", "superuser").expiration(later).signWith(key).compact();
        String noRole = Jwts.builder().subject("u1").expiration(later).signWith(key).compact();

        assertEquals(Optional.empty(), tokens.verify(noSubject));
        assertEquals(Optional.empty(), tokens.verify(unknownRole));
        assertEquals(Optional.empty(), tokens.verify(noRole));
    }

    @Test
    void refusesAnUnsignedToken() {
        String unsigned = Jwts.builder().subject("u1").claim("role", "admin").compact();
        assertEquals(Optional.empty(), tokens.verify(unsigned));
    }
}
