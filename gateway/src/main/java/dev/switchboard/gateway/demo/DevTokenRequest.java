package dev.switchboard.gateway.demo;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** {@code POST /api/dev/tokens}: who the development token names. */
public record DevTokenRequest(
        @Schema(description = "the user id (sub); a new ObjectId when absent", example = "6901e54215fc6770c2a8bccb")
        @Pattern(regexp = "[A-Za-z0-9_-]{1,64}", message = "userId must be 1 to 64 of A-Z a-z 0-9 _ -")
        String userId,
        @Schema(allowableValues = {"client", "provider", "admin", "service"})
        @NotNull(message = "role is required") @Pattern(regexp = "client|provider|admin|service", message = "role must be client, provider, admin or service")
        String role,
        @Schema(description = "the name claim (fullName in messages)", example = "John Doe")
        @Size(max = 100, message = "name is at most 100 characters")
        String name) {
}
