package dev.switchboard.events.user;

import dev.switchboard.events.Event;

/** What gateways learn about users from their tokens; topic {@code switchboard.user.actions}, keyed by userId. */
public sealed interface UserAction extends Event {

    /** One method per action type, as in the other families: a new action type does not compile until every handler has its method. */
    interface Handler<R> {
        R see(UserSeen action);
    }

    /** {@code handler}'s method for this action's type. */
    <R> R handledBy(Handler<R> handler);

    /** A token named this user with this role and profile, for the first time or differently from before. */
    record UserSeen(String userId, String role, String fullName, String profilePhoto) implements UserAction {
        @Override
        public <R> R handledBy(Handler<R> handler) {
            return handler.see(this);
        }
    }
}
