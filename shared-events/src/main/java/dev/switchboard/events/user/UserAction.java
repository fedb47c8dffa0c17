package dev.switchboard.events.user;

import dev.switchboard.events.Event;

/** What gateways learn about users from their tokens; topic {@code switchboard.user.actions}, keyed by userId. */
public sealed interface UserAction extends Event {

    /** A token named this user with this role and profile, for the first time or differently from before. */
    record UserSeen(String userId, String role, String fullName, String profilePhoto) implements UserAction {
    }
}
