package dev.switchboard.gateway.auth;

import com.sun.net.httpserver.HttpServer;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.Keys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tokens signed by an identity provider (RS256/ES256), checked with its PEM public key or its JWKS; issuer, audience, nbf. */
class SignedByIdentityProviderTest {
    private static final String SECRET = "unit-test-secret-that-is-long-enough-0123456789";
    private HttpServer jwksServer;

    @AfterEach
    void stopServer() {
        if (jwksServer != null) {
            jwksServer.stop(0);
        }
    }

    private static String pem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    private static String token(PrivateKey key, String kid, String issuer, String audience, Instant notBefore) {
        var builder = Jwts.builder().subject("6901e54215fc6770c2a8bccb").claim("role", "provider")
                .expiration(Date.from(Instant.now().plusSeconds(300)));
        if (kid != null) {
            builder.header().keyId(kid);
        }
        if (issuer != null) {
            builder.issuer(issuer);
        }
        if (audience != null) {
            builder.audience().add(audience);
        }
        if (notBefore != null) {
            builder.notBefore(Date.from(notBefore));
        }
        return builder.signWith(key).compact();
    }

    private static TokenSettings withPublicKey(PublicKey key, String issuer, String audience) {
        return new TokenSettings(null, null, pem(key), null, issuer, audience, null);
    }

    @Test
    void rs256AndEs256TokensVerifyWithThePemPublicKeyAndOthersDoNot() {
        KeyPair rsa = Jwts.SIG.RS256.keyPair().build();
        KeyPair ec = Jwts.SIG.ES256.keyPair().build();
        KeyPair stranger = Jwts.SIG.RS256.keyPair().build();

        assertTrue(new Tokens(withPublicKey(rsa.getPublic(), null, null)).verify(token(rsa.getPrivate(), null, null, null, null)).isPresent());
        assertTrue(new Tokens(withPublicKey(ec.getPublic(), null, null)).verify(token(ec.getPrivate(), null, null, null, null)).isPresent());
        assertTrue(new Tokens(withPublicKey(rsa.getPublic(), null, null)).verify(token(stranger.getPrivate(), null, null, null, null)).isEmpty());
    }

    @Test
    void anHs256TokenSignedWithThePublicKeyAsSecretIsRefused() {
        KeyPair rsa = Jwts.SIG.RS256.keyPair().build();
        String publicPem = pem(rsa.getPublic());
        String forged = Jwts.builder().subject("u1").claim("role", "admin").expiration(Date.from(Instant.now().plusSeconds(300)))
                .signWith(Keys.hmacShaKeyFor(publicPem.getBytes(StandardCharsets.UTF_8))).compact();

        assertTrue(new Tokens(withPublicKey(rsa.getPublic(), null, null)).verify(forged).isEmpty());
    }

    @Test
    void issuerAndAudienceAreRequiredWhenSet() {
        KeyPair rsa = Jwts.SIG.RS256.keyPair().build();
        Tokens tokens = new Tokens(withPublicKey(rsa.getPublic(), "https://id.example.com", "switchboard"));

        assertTrue(tokens.verify(token(rsa.getPrivate(), null, "https://id.example.com", "switchboard", null)).isPresent());
        assertTrue(tokens.verify(token(rsa.getPrivate(), null, "https://evil.example.com", "switchboard", null)).isEmpty());
        assertTrue(tokens.verify(token(rsa.getPrivate(), null, "https://id.example.com", "another-app", null)).isEmpty());
        assertTrue(tokens.verify(token(rsa.getPrivate(), null, null, null, null)).isEmpty());
    }

    @Test
    void aTokenNotValidYetIsRefused() {
        KeyPair rsa = Jwts.SIG.RS256.keyPair().build();
        Tokens tokens = new Tokens(withPublicKey(rsa.getPublic(), null, null));

        assertTrue(tokens.verify(token(rsa.getPrivate(), null, null, null, Instant.now().plusSeconds(60))).isEmpty());
        assertTrue(tokens.verify(token(rsa.getPrivate(), null, null, null, Instant.now().minusSeconds(60))).isPresent());
    }

    @Test
    void jwksKeysAreFoundByKidAndARotatedKeyIsFetched() throws Exception {
        KeyPair first = Jwts.SIG.RS256.keyPair().build();
        KeyPair second = Jwts.SIG.ES256.keyPair().build();
        AtomicReference<String> served = new AtomicReference<>(jwks(Map.of("k1", first.getPublic())));
        URI url = serve(served);
        Tokens tokens = new Tokens(new TokenSettings(SECRET, null, null, url, null, null, null), Duration.ZERO);

        assertTrue(tokens.verify(token(first.getPrivate(), "k1", null, null, null)).isPresent());
        assertTrue(tokens.verify(token(second.getPrivate(), "k2", null, null, null)).isEmpty(), "k2 is not published yet");

        served.set(jwks(Map.of("k1", first.getPublic(), "k2", second.getPublic())));
        assertTrue(tokens.verify(token(second.getPrivate(), "k2", null, null, null)).isPresent());
        assertTrue(tokens.verify(token(second.getPrivate(), "k1", null, null, null)).isEmpty(), "signed with k2's key but naming k1");
        assertTrue(tokens.verify(tokens.mint("6901e54215fc6770c2a8bccb", Role.CLIENT, null, null, Duration.ofMinutes(1))).isPresent(), "HS256 still works beside JWKS");
    }

    @Test
    void settingsWithoutAnyKeyAreRefusedAtStart() {
        assertThrows(IllegalStateException.class, () -> new TokenSettings(null, null, null, null, null, null, null));
        assertThrows(IllegalStateException.class, () -> new Tokens(new TokenSettings(null, null, "not a key", null, null, null, null)));
    }

    private static String jwks(Map<String, PublicKey> keysByKid) {
        List<String> keys = keysByKid.entrySet().stream()
                .map(entry -> Jwks.json(Jwks.builder().key(entry.getValue()).id(entry.getKey()).build())).toList();
        return "{\"keys\":[" + String.join(",", keys) + "]}";
    }

    private URI serve(AtomicReference<String> body) throws Exception {
        jwksServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        jwksServer.createContext("/jwks.json", exchange -> {
            byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        jwksServer.start();
        return URI.create("http://127.0.0.1:" + jwksServer.getAddress().getPort() + "/jwks.json");
    }
}
