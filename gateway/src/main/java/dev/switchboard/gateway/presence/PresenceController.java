package dev.switchboard.gateway.presence;

import com.mongodb.client.model.Filters;
import dev.switchboard.gateway.auth.AuthenticatedUser;
import dev.switchboard.gateway.socket.Payloads;
import dev.switchboard.gateway.store.GatewayReadModels;
import org.bson.Document;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.Date;

/** {@code GET /api/users/{userId}/presence}: the seed's {@code isUserOnline(userId)}. */
@RestController
public class PresenceController {
    static final String PRESENCE = "presence";

    private final GatewayReadModels readModels;

    public PresenceController(GatewayReadModels readModels) {
        this.readModels = readModels;
    }

    @GetMapping("/api/users/{userId}/presence")
    PresenceView presence(AuthenticatedUser caller, @PathVariable String userId) {
        Payloads.requireId(userId, "userId");
        Document doc = readModels.collection(PRESENCE).find(Filters.eq("_id", userId)).first();
        if (doc == null) {
            return PresencePushes.body(userId, false, null);
        }
        Date lastActive = doc.getDate("lastActive");
        return PresencePushes.body(userId, doc.getBoolean("isOnline", false), lastActive == null ? null : lastActive.toInstant());
    }
}
