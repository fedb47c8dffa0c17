package dev.switchboard.gateway.auth;

import io.jsonwebtoken.JwsHeader;
import io.jsonwebtoken.LocatorAdapter;
import io.jsonwebtoken.security.Jwk;
import io.jsonwebtoken.security.JwkSet;
import io.jsonwebtoken.security.Jwks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * Picks the key a token is checked with, by its header: {@code HS*} → the shared secret; {@code RS*}/{@code ES*}/
 * {@code PS*} → the configured public key, or the JWKS key named by {@code kid}. A header whose algorithm has no key
 * configured gets none, and the token is refused. The JWK set is fetched when first needed, again after 10 minutes,
 * and at once (at most every 30 s) when a token names a {@code kid} it does not hold, so a rotated key is picked up.
 */
final class VerificationKeys extends LocatorAdapter<Key> {
    private static final Logger log = LoggerFactory.getLogger(VerificationKeys.class);
    private static final Duration JWKS_MAX_AGE = Duration.ofMinutes(10);
    static final Duration JWKS_MIN_REFETCH = Duration.ofSeconds(30);

    private final TokenSettings settings;
    private final Key secret;
    private final PublicKey publicKey;
    private final Duration jwksMinRefetch;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Map<String, Key> jwks = Map.of();
    private Instant jwksFetchedAt = Instant.EPOCH;

    /** {@code secret}: the HS256 key made from the settings' secret, or null. */
    VerificationKeys(TokenSettings settings, Key secret, Duration jwksMinRefetch) {
        this.settings = settings;
        this.secret = secret;
        this.jwksMinRefetch = jwksMinRefetch;
        this.publicKey = TokenSettings.blank(settings.publicKeyPem()) ? null : publicKeyFromPem(settings.publicKeyPem());
    }

    @Override
    protected Key locate(JwsHeader header) {
        String algorithm = header.getAlgorithm() == null ? "" : header.getAlgorithm();
        if (algorithm.startsWith("HS")) {
            return secret;
        }
        if (settings.jwksUrl() != null) {
            return jwksKey(header.getKeyId());
        }
        return publicKey;
    }

    private synchronized Key jwksKey(String kid) {
        Instant now = Instant.now();
        boolean stale = jwksFetchedAt.plus(JWKS_MAX_AGE).isBefore(now);
        boolean unknownKid = kid == null ? jwks.size() != 1 : !jwks.containsKey(kid);
        if (stale || (unknownKid && jwksFetchedAt.plus(jwksMinRefetch).isBefore(now))) {
            fetchJwks(now);
        }
        if (kid == null) {
            return jwks.size() == 1 ? jwks.values().iterator().next() : null;
        }
        return jwks.get(kid);
    }

    private void fetchJwks(Instant now) {
        jwksFetchedAt = now; // also after a failure: a down identity provider is not asked on every request
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(settings.jwksUrl()).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                log.warn("JWKS {} answered {}: keeping the {} keys held", settings.jwksUrl(), response.statusCode(), jwks.size());
                return;
            }
            JwkSet set = Jwks.setParser().ignoreUnsupported(true).build().parse(response.body());
            Map<String, Key> keys = new HashMap<>();
            for (Jwk<?> jwk : set.getKeys()) {
                if (jwk.toKey() instanceof PublicKey key) {
                    keys.put(jwk.getId() == null ? "" : jwk.getId(), key);
                }
            }
            jwks = Map.copyOf(keys);
            log.info("JWKS {}: {} public keys", settings.jwksUrl(), jwks.size());
        } catch (Exception e) {
            log.warn("cannot fetch JWKS {}: {}; keeping the {} keys held", settings.jwksUrl(), e.toString(), jwks.size());
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** An X.509 {@code -----BEGIN PUBLIC KEY-----} block holding an RSA or an EC key. */
    static PublicKey publicKeyFromPem(String pem) {
        String base64 = pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
        byte[] der;
        try {
            der = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("JWT_PUBLIC_KEY is not a PEM public key (-----BEGIN PUBLIC KEY----- ...)", e);
        }
        for (String type : new String[]{"RSA", "EC"}) {
            try {
                return KeyFactory.getInstance(type).generatePublic(new X509EncodedKeySpec(der));
            } catch (Exception notThisType) {
                // try the next
            }
        }
        throw new IllegalStateException("JWT_PUBLIC_KEY holds neither an RSA nor an EC public key");
    }
}
