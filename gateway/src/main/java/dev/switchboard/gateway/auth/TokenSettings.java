package dev.switchboard.gateway.auth;

import java.net.URI;
import java.time.Duration;

/**
 * How tokens are verified: an HS256 shared secret (the default; while it is being rotated, the previous one too),
 * and/or the identity provider's public key (PEM, RSA or EC: RS256/384/512, ES256/384/512) or its JWKS URL; optional
 * required issuer and audience; the clock skew allowed for {@code exp} and {@code nbf}.
 */
public record TokenSettings(String secret, String previousSecret, String publicKeyPem, URI jwksUrl, String issuer, String audience, Duration clockSkew) {

    public TokenSettings {
        clockSkew = clockSkew == null ? Duration.ZERO : clockSkew;
        if (blank(secret) && blank(publicKeyPem) && jwksUrl == null) {
            throw new IllegalStateException("set JWT_SECRET, JWT_PUBLIC_KEY or JWT_JWKS_URL: tokens cannot be verified otherwise");
        }
        if (!blank(previousSecret) && blank(secret)) {
            throw new IllegalStateException("JWT_PREVIOUS_SECRET is the secret JWT_SECRET replaces: set JWT_SECRET too");
        }
    }

    /** The default: HS256 with a shared secret, no issuer or audience required. */
    public static TokenSettings sharedSecret(String secret) {
        return new TokenSettings(secret, null, null, null, null, null, null);
    }

    boolean hasSecret() {
        return !blank(secret);
    }

    boolean hasPreviousSecret() {
        return !blank(previousSecret);
    }

    static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
