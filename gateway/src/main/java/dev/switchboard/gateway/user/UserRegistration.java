package dev.switchboard.gateway.user;

import dev.switchboard.events.Ids;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** {@code POST /api/users} (service tokens): the identity service says who a user is before they ever connect. */
public record UserRegistration(
        @Schema(example = "6901e54215fc6770c2a8bccb")
        @NotNull(message = "userId is required") @Pattern(regexp = Ids.PATTERN, message = "userId must be an id (24 lowercase hex characters)")
        String userId,
        @Schema(allowableValues = {"client", "provider", "admin"})
        @NotNull(message = "role is required") @Pattern(regexp = "client|provider|admin", message = "role must be client, provider or admin")
        String role,
        @Schema(example = "John Doe") @Size(max = 200, message = "name is at most 200 characters")
        String name,
        @Schema(example = "https://example.com/john.jpg") @Size(max = 2048, message = "picture is at most 2048 characters")
        String picture) {
}
