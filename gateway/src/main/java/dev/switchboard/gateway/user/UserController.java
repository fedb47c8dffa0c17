package dev.switchboard.gateway.user;

import dev.switchboard.gateway.auth.Operation;
import dev.switchboard.gateway.auth.Authorization;
import dev.switchboard.events.Envelope;
import dev.switchboard.events.user.UserAction.UserSeen;
import dev.switchboard.gateway.auth.AuthenticatedUser;
import dev.switchboard.gateway.kafka.ActionRecorder;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /api/users} (service tokens): the identity service records a user's role and profile, so that a chat can be
 * opened with someone who has never connected (roles are facts: the role of a user nobody vouched for is unknown, and a
 * chat with them is refused {@code NOT_FOUND}). The same {@code UserSeen} fact a user's own token records; the latest wins.
 */
@RestController
public class UserController {
    private final ActionRecorder recorder;

    public UserController(ActionRecorder recorder) {
        this.recorder = recorder;
    }

    @ApiResponse(responseCode = "202", description = "recorded in the log; the role is known once the projector applied it (milliseconds)",
            useReturnTypeSchema = true)
    @PostMapping("/api/users")
    CompletableFuture<ResponseEntity<UserRegistration>> register(AuthenticatedUser caller, @Valid @RequestBody UserRegistration body) {
        Authorization.requireRole(Operation.REGISTER_USER, caller);
        UserSeen seen = new UserSeen(body.userId(), body.role(), body.name(), body.picture());
        return recorder.record(Envelope.newAction(seen, caller.actor(), body.userId(), Instant.now()))
                .thenApply(recorded -> ResponseEntity.accepted().body(body));
    }
}
