package dev.switchboard.gateway.web;

import dev.switchboard.gateway.auth.AuthenticatedUser;

/** Told of every REST caller whose token was accepted (the user feature records who it has seen). */
public interface CallerSeen {
    void seen(AuthenticatedUser caller);
}
