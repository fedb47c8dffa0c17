package dev.switchboard.gateway.user;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import dev.switchboard.gateway.store.GatewayReadModels;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * Users' roles as facts: what their own tokens or the identity service ({@code POST /api/users}) recorded, read from the
 * projector's {@code users} collection. Put into actions that name another user (a chat's participant, a ticket's
 * assignee) when they are recorded, so the projector decides with nothing outside the event.
 */
@Component
public class UserRoles {
    static final String USERS = "users";

    private final GatewayReadModels readModels;

    public UserRoles(GatewayReadModels readModels) {
        this.readModels = readModels;
    }

    /** The user's role, if anyone ever vouched for it. */
    public Optional<String> roleOf(String userId) {
        return Optional.ofNullable(readModels.collection(USERS).find(Filters.eq("_id", userId)).projection(Projections.include("role")).first())
                .map(doc -> doc.getString("role"));
    }
}
