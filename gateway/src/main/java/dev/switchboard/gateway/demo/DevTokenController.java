package dev.switchboard.gateway.demo;

import dev.switchboard.events.Ids;
import dev.switchboard.events.Times;
import dev.switchboard.gateway.GatewaySettings;
import dev.switchboard.gateway.auth.Role;
import dev.switchboard.gateway.auth.Tokens;
import dev.switchboard.gateway.errors.ClientError;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.time.Instant;

/**
 * Development only: signs a token for whoever asks, so the demo page at {@code /} can sign in as a client, a provider, an
 * admin or a service. Answers 404 unless {@code DEMO_TOKENS=true} (standalone's default; never in production).
 */
@RestController
public class DevTokenController {
    private static final Logger log = LoggerFactory.getLogger(DevTokenController.class);
    static final Duration TTL = Duration.ofHours(12);

    private final GatewaySettings settings;
    private final Tokens tokens;

    public DevTokenController(GatewaySettings settings, Tokens tokens) {
        this.settings = settings;
        this.tokens = tokens;
        if (settings.demoTokens()) {
            log.warn("DEMO_TOKENS is on: POST /api/dev/tokens signs a token for anyone who asks (development only)");
        }
    }

    /** Runs before the body is read and validated, so a request is refused alike whatever it carries while tokens are off. */
    @ModelAttribute
    void requireEnabled() {
        if (!settings.demoTokens()) {
            throw ClientError.notFound("development tokens are off (DEMO_TOKENS)");
        }
    }

    @Operation(summary = "Development only: a signed token for any user and role",
            description = "404 NOT_FOUND unless the gateway runs with DEMO_TOKENS=true (standalone's default). Anyone who can reach "
                    + "it can act as anyone: never enable it where real users are.")
    @ApiResponse(responseCode = "201", description = "a token signed with the gateway's secret", useReturnTypeSchema = true)
    @PostMapping("/api/dev/tokens")
    ResponseEntity<DevToken> mint(@Valid @RequestBody DevTokenRequest request) {
        Role role = Role.fromWire(request.role()).orElseThrow();
        String userId = request.userId() == null ? Ids.newId() : request.userId();
        if (!Tokens.acceptsSubject(userId, role)) {
            throw ClientError.badRequest("userId must be an id (24 lowercase hex characters) for role " + role.wire());
        }
        String name = request.name() == null || request.name().isBlank() ? null : request.name().trim();
        String token = tokens.mint(userId, role, name, null, TTL);
        return ResponseEntity.status(201).body(new DevToken(token, userId, role.wire(), name, Times.iso(Instant.now().plus(TTL))));
    }
}
