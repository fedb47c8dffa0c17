package dev.switchboard.projector.presence;

import dev.switchboard.events.EventTypes;
import dev.switchboard.events.Refusal;
import dev.switchboard.events.Actor;
import dev.switchboard.events.presence.PresenceAction;
import dev.switchboard.events.presence.PresenceAction.ConnectionClosed;
import dev.switchboard.events.presence.PresenceAction.ConnectionOpened;
import dev.switchboard.events.presence.PresenceAction.OnlineStatusRequested;
import dev.switchboard.events.presence.PresenceAction.OnlineStatusSet;
import dev.switchboard.events.presence.PresenceAction.UserJoined;
import dev.switchboard.events.presence.PresenceUpdate;
import dev.switchboard.events.presence.PresenceUpdate.OnlineStatusReported;
import dev.switchboard.events.presence.PresenceUpdate.ConnectionExpired;
import dev.switchboard.events.presence.PresenceUpdate.ConnectivityChanged;
import dev.switchboard.events.presence.PresenceUpdate.PresenceActionRejected;
import dev.switchboard.events.presence.PresenceUpdate.UserStatusChanged;
import dev.switchboard.projector.auth.EnvelopeActor;
import dev.switchboard.projector.presence.PresenceState.OpenConnection;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Presence rules as a pure function (state, action, time) → (next state, updates). Time is the action's
 * recorded time, never the clock, so a replay decides the same.
 *
 * <ul>
 *   <li>A user is online while at least one connection is open and they did not choose to appear offline.</li>
 *   <li>Opening is idempotent per connection id; a connection already closed is never reopened.</li>
 *   <li>{@code lastActive} moves when the user goes online by connecting and when they go offline; a manual
 *       "back online" leaves it as it was.</li>
 *   <li>The appear-offline override ends with the user's last connection.</li>
 *   <li>Whether the user has a connection at all is announced whenever it changes, also when their visible status
 *       stays the same (gateways record deliveries by it, and announce again sockets they still hold).</li>
 * </ul>
 */
public final class PresenceDecider implements PresenceAction.Handler<PresenceDecider.Decision> {

    public record Decision(PresenceState next, List<PresenceUpdate> updates) {
        static Decision unchanged(PresenceState state) {
            return new Decision(state, List.of());
        }
    }

    private final PresenceState state;
    private final Instant at;

    /** A decider for one action: its user's presence and the action's recorded time. */
    private PresenceDecider(PresenceState state, Instant at) {
        this.state = state;
        this.at = at;
    }

    /** {@code actor} is the action's envelope's: a payload that names another acting user is refused ({@link EnvelopeActor}). */
    public static Decision decide(PresenceState state, Actor actor, PresenceAction action, Instant at) {
        Optional<Refusal> forged = EnvelopeActor.check(actor, action);
        if (forged.isPresent()) {
            return new Decision(state, List.of(new PresenceActionRejected(EventTypes.nameOf(action), forged.get().code(), forged.get().reason())));
        }
        return action.handledBy(new PresenceDecider(state, at));
    }

    @Override
    public Decision open(ConnectionOpened opened) {
        return open(new OpenConnection(opened.connectionId(), opened.gatewayId(), opened.gatewayRunId()));
    }

    @Override
    public Decision join(UserJoined joined) {
        return open(new OpenConnection(joined.connectionId(), joined.gatewayId(), joined.gatewayRunId()));
    }

    @Override
    public Decision close(ConnectionClosed closed) {
        Decision decision = close(closed.connectionId());
        boolean expiredWhileOthersStayOpen = GatewayWatchdog.EXPIRED.equals(closed.reason()) && state.isOpen(closed.connectionId())
                && !decision.next().connections().isEmpty();
        if (!expiredWhileOthersStayOpen) {
            return decision;
        }
        List<PresenceUpdate> updates = new ArrayList<>(decision.updates());
        updates.add(new ConnectionExpired(state.userId(), closed.connectionId(), closed.gatewayRunId()));
        return new Decision(decision.next(), updates);
    }

    @Override
    public Decision setStatus(OnlineStatusSet set) {
        return setOverride(set.isOnline());
    }

    @Override
    public Decision report(OnlineStatusRequested asked) {
        return new Decision(state, List.of(new OnlineStatusReported(state.userId(), state.isOnline(), state.lastActive(), asked.askerConnectionId())));
    }

    private Decision open(OpenConnection connection) {
        if (state.isOpen(connection.connectionId()) || state.wasClosed(connection.connectionId())) {
            return Decision.unchanged(state);
        }
        List<OpenConnection> connections = new ArrayList<>(state.connections());
        connections.add(connection);
        boolean online = !state.manualOffline();
        Instant lastActive = online && !state.isOnline() ? at : state.lastActive();
        return transition(state, new PresenceState(state.userId(), connections, state.recentlyClosed(),
                state.manualOffline(), online, lastActive));
    }

    private Decision close(String connectionId) {
        if (state.wasClosed(connectionId)) {
            return Decision.unchanged(state);
        }
        List<OpenConnection> connections = state.connections().stream()
                .filter(c -> !c.connectionId().equals(connectionId)).toList();
        List<String> closed = new ArrayList<>(state.recentlyClosed());
        closed.add(connectionId);
        if (closed.size() > PresenceState.RECENTLY_CLOSED_KEPT) {
            closed = closed.subList(closed.size() - PresenceState.RECENTLY_CLOSED_KEPT, closed.size());
        }
        boolean wasOpen = connections.size() != state.connections().size();
        boolean lastClosed = wasOpen && connections.isEmpty();
        boolean manualOffline = state.manualOffline() && !connections.isEmpty();
        boolean online = !connections.isEmpty() && !manualOffline;
        // a user who appears offline was last seen when they hid: their last close must not tell anyone they stayed
        Instant lastActive = lastClosed && state.isOnline() ? at : state.lastActive();
        return transition(state, new PresenceState(state.userId(), connections, closed, manualOffline, online, lastActive));
    }

    private Decision setOverride(boolean wantsOnline) {
        if (wantsOnline) {
            boolean online = !state.connections().isEmpty();
            return transition(state, new PresenceState(state.userId(), state.connections(), state.recentlyClosed(),
                    false, online, state.lastActive()));
        }
        Instant lastActive = state.isOnline() ? at : state.lastActive();
        return transition(state, new PresenceState(state.userId(), state.connections(), state.recentlyClosed(),
                !state.connections().isEmpty(), false, lastActive));
    }

    private static Decision transition(PresenceState before, PresenceState after) {
        List<PresenceUpdate> updates = new ArrayList<>(2);
        if (before.isOnline() != after.isOnline()) {
            updates.add(new UserStatusChanged(after.userId(), after.isOnline(), after.lastActive(), List.of()));
        }
        boolean connected = !after.connections().isEmpty();
        if (connected != !before.connections().isEmpty()) {
            updates.add(new ConnectivityChanged(after.userId(), connected));
        }
        return new Decision(after, List.copyOf(updates));
    }
}
