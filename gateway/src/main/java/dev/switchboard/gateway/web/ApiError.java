package dev.switchboard.gateway.web;

import dev.switchboard.gateway.errors.ClientError;
import io.swagger.v3.oas.annotations.media.Schema;

/** Every REST error body: {@code { error: { code, message } }} (docs/PROTOCOL.md §3, §8). */
public record ApiError(Detail error) {

    public record Detail(
            @Schema(allowableValues = {"BAD_REQUEST", "UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND", "CONFLICT", "RULE_VIOLATION",
                    "RATE_LIMITED", "UNAVAILABLE", "TIMEOUT"}) String code,
            String message) {
    }

    static ApiError of(ClientError error) {
        return new ApiError(new Detail(error.code().name(), error.getMessage()));
    }
}
