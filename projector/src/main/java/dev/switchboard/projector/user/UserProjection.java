package dev.switchboard.projector.user;

import dev.switchboard.events.Envelope;
import dev.switchboard.events.Event;
import dev.switchboard.events.Topic;
import dev.switchboard.events.user.UserAction.UserSeen;
import dev.switchboard.projector.kafka.Projection;
import org.springframework.stereotype.Component;

import java.util.List;

/** Keeps each user's latest role and profile as their tokens showed them. */
@Component
public class UserProjection implements Projection {
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
        for (Envelope<Event> action : actions) {
            UserSeen seen = (UserSeen) action.payload();
            store.save(new UserStore.User(seen.userId(), seen.role(), seen.fullName(), seen.profilePhoto()));
        }
        return List.of();
    }
}
