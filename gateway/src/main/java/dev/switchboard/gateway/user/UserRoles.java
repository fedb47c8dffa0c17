package dev.switchboard.gateway.user;

import dev.switchboard.readmodels.user.UserReadModel;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * Users' roles as facts: what their own tokens or the identity service ({@code POST /api/users}) recorded, read from the
 * users read model. Put into actions that name another user (a chat's participant, a ticket's
 * assignee) when they are recorded, so the projector decides with nothing outside the event.
 */
@Component
public class UserRoles {
    private final UserReadModel users;

    public UserRoles(UserReadModel users) {
        this.users = users;
    }

    /** The user's role, if anyone ever vouched for it. */
    public Optional<String> roleOf(String userId) {
        return users.roleOf(userId);
    }
}
