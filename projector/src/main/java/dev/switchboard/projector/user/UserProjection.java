package dev.switchboard.projector.user;

import dev.switchboard.events.EventTypes;
import dev.switchboard.events.Refusal;
import dev.switchboard.events.Envelope;
import dev.switchboard.events.Event;
import dev.switchboard.events.Topic;
import dev.switchboard.events.user.UserAction.UserSeen;
import dev.switchboard.projector.kafka.Projection;
import dev.switchboard.projector.auth.EnvelopeActor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps each user's latest role and profile as their tokens showed them, or as a service registered them. A
 * {@code UserSeen} whose envelope's actor is neither that user (with that role) nor a service is not applied. A batch
 * is one bulk write of each user's last profile in it ({@link #latestProfiles}).
 */
@Component
public class UserProjection implements Projection {
    private static final Logger log = LoggerFactory.getLogger(UserProjection.class);
    private final UserStore store;

    public UserProjection(UserStore store) {
        this.store = store;
    }

    @Override
    public Topic actionTopic() {
        return Topic.USER_ACTIONS;
    }

    @Override
    public List<Envelope<?>> apply(List<Envelope<Event>> actions) {
        store.saveAll(latestProfiles(actions));
        return List.of();
    }

    /** Each user's last accepted profile in the batch, in the order the users first appear (a profile replaces the whole user). */
    static Collection<UserStore.User> latestProfiles(List<Envelope<Event>> actions) {
        Map<String, UserStore.User> latest = new LinkedHashMap<>();
        for (Envelope<Event> action : actions) {
            UserSeen seen = (UserSeen) action.payload();
            Optional<Refusal> forged = EnvelopeActor.check(action.actor(), seen);
            if (forged.isPresent()) {
                // no update topic for users (nobody waits for an outcome: POST /api/users answers once recorded); the
                // record stays in the log, and is never applied
                log.warn("refused {} {}: {}", EventTypes.nameOf(seen), action.id(), forged.get().reason());
                continue;
            }
            latest.put(seen.userId(), new UserStore.User(seen.userId(), seen.role(), seen.fullName(), seen.profilePhoto()));
        }
        return latest.values();
    }
}
