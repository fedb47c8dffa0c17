package dev.switchboard.gateway.web;

import dev.switchboard.gateway.errors.ClientError;
import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.databind.json.JsonMapper;

/** Every REST error body: {@code { error: { code, message } }} (docs/PROTOCOL.md §3, §8). */
public record ApiError(Detail error) {

    public record Detail(
            @Schema(allowableValues = {"BAD_REQUEST", "UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND", "CONFLICT", "RULE_VIOLATION",
                    "RATE_LIMITED", "UNAVAILABLE", "TIMEOUT"}) String code,
            String message) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static ApiError of(ClientError error) {
        return new ApiError(new Detail(error.code().name(), error.getMessage()));
    }

    /**
     * The body as JSON for an error status chosen outside Spring's handlers (Tomcat's refusals, the socket's HTTP
     * decoder), its code as {@link ApiErrors#codeFor} maps the status; {@code message} is a fixed text, never the request's.
     */
    public static String json(int status, String message) {
        return JSON.writeValueAsString(of(new ClientError(ApiErrors.codeFor(status), message)));
    }
}
