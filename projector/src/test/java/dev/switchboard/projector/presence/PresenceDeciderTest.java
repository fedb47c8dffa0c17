package dev.switchboard.projector.presence;

import dev.switchboard.projector.auth.HonestActors;
import dev.switchboard.events.presence.PresenceUpdate.ConnectionExpired;
import dev.switchboard.events.presence.PresenceUpdate.ConnectivityChanged;
import dev.switchboard.events.presence.PresenceAction;
import dev.switchboard.events.presence.PresenceAction.ConnectionClosed;
import dev.switchboard.events.presence.PresenceAction.ConnectionOpened;
import dev.switchboard.events.presence.PresenceAction.OnlineStatusRequested;
import dev.switchboard.events.presence.PresenceAction.OnlineStatusSet;
import dev.switchboard.events.presence.PresenceAction.UserJoined;
import dev.switchboard.events.presence.PresenceUpdate;
import dev.switchboard.events.presence.PresenceUpdate.OnlineStatusReported;
import dev.switchboard.events.presence.PresenceUpdate.UserStatusChanged;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PresenceDeciderTest {
    private static final String USER = "u1";
    private static final Instant T1 = Instant.parse("2025-11-27T12:00:00.000Z");
    private static final Instant T2 = Instant.parse("2025-11-27T12:05:00.000Z");
    private static final Instant T3 = Instant.parse("2025-11-27T12:10:00.000Z");

    private static ConnectionOpened open(String connection) {
        return new ConnectionOpened(USER, connection, "gw", "run");
    }

    private static ConnectionClosed close(String connection) {
        return new ConnectionClosed(USER, connection, "gw", "run", "disconnect");
    }

    private static PresenceDecider.Decision apply(PresenceState state, PresenceAction action, Instant at) {
        return PresenceDecider.decide(state, HonestActors.of(action), action, at);
    }

    @Test
    void firstConnectionBringsTheUserOnlineAndStampsLastActive() {
        PresenceDecider.Decision decision = apply(PresenceState.unknown(USER), open("c1"), T1);

        assertTrue(decision.next().isOnline());
        assertEquals(T1, decision.next().lastActive());
        assertEquals(List.of(new UserStatusChanged(USER, true, T1, List.of()), new ConnectivityChanged(USER, true)), decision.updates());
    }

    @Test
    void secondConnectionOfAnOnlineUserChangesNothingVisible() {
        PresenceState online = apply(PresenceState.unknown(USER), open("c1"), T1).next();

        PresenceDecider.Decision decision = apply(online, open("c2"), T2);

        assertTrue(decision.next().isOnline());
        assertEquals(T1, decision.next().lastActive());
        assertEquals(List.of(), decision.updates());
        assertEquals(2, decision.next().connections().size());
    }

    @Test
    void userStaysOnlineUntilTheirLastConnectionCloses() {
        PresenceState two = apply(apply(PresenceState.unknown(USER), open("c1"), T1).next(), open("c2"), T1).next();

        PresenceDecider.Decision firstClosed = apply(two, close("c1"), T2);
        assertTrue(firstClosed.next().isOnline());
        assertEquals(List.of(), firstClosed.updates());

        PresenceDecider.Decision lastClosed = apply(firstClosed.next(), close("c2"), T3);
        assertFalse(lastClosed.next().isOnline());
        assertEquals(T3, lastClosed.next().lastActive());
        assertEquals(List.of(new UserStatusChanged(USER, false, T3, List.of()), new ConnectivityChanged(USER, false)), lastClosed.updates());
    }

    @Test
    void openingTheSameConnectionTwiceIsIdempotent() {
        PresenceState online = apply(PresenceState.unknown(USER), open("c1"), T1).next();

        PresenceDecider.Decision again = apply(online, open("c1"), T2);
        PresenceDecider.Decision joined = apply(online, new UserJoined(USER, "c1", "gw", "run"), T2);

        assertEquals(online, again.next());
        assertEquals(List.of(), again.updates());
        assertEquals(online, joined.next());
    }

    @Test
    void aClosedConnectionIsNeverReopenedByALateDuplicate() {
        PresenceState closed = apply(apply(PresenceState.unknown(USER), open("c1"), T1).next(), close("c1"), T2).next();

        PresenceDecider.Decision lateOpen = apply(closed, open("c1"), T3);

        assertFalse(lateOpen.next().isOnline());
        assertEquals(List.of(), lateOpen.updates());
    }

    @Test
    void closingTwiceIsIdempotent() {
        PresenceState closed = apply(apply(PresenceState.unknown(USER), open("c1"), T1).next(), close("c1"), T2).next();

        PresenceDecider.Decision again = apply(closed, close("c1"), T3);

        assertEquals(closed, again.next());
        assertEquals(List.of(), again.updates());
    }

    @Test
    void appearingOfflineHidesAConnectedUserAndBackOnlineKeepsLastActive() {
        PresenceState online = apply(PresenceState.unknown(USER), open("c1"), T1).next();

        PresenceDecider.Decision hidden = apply(online, new OnlineStatusSet(USER, false), T2);
        assertFalse(hidden.next().isOnline());
        assertEquals(List.of(new UserStatusChanged(USER, false, T2, List.of())), hidden.updates());

        PresenceDecider.Decision back = apply(hidden.next(), new OnlineStatusSet(USER, true), T3);
        assertTrue(back.next().isOnline());
        assertEquals(List.of(new UserStatusChanged(USER, true, T2, List.of())), back.updates());
    }

    @Test
    void appearOfflineEndsWithTheLastConnection() {
        PresenceState hidden = apply(apply(PresenceState.unknown(USER), open("c1"), T1).next(), new OnlineStatusSet(USER, false), T1).next();
        PresenceState gone = apply(hidden, close("c1"), T2).next();

        PresenceDecider.Decision reconnect = apply(gone, open("c2"), T3);

        assertTrue(reconnect.next().isOnline());
        assertEquals(T3, reconnect.next().lastActive());
    }

    @Test
    void askingForStatusReportsToTheAskerWithoutChangingState() {
        PresenceState online = apply(PresenceState.unknown(USER), open("c1"), T1).next();

        PresenceDecider.Decision decision = apply(online, new OnlineStatusRequested(USER, "asker"), T2);

        assertEquals(online, decision.next());
        assertEquals(List.<PresenceUpdate>of(new OnlineStatusReported(USER, true, T1, "asker")), decision.updates());
    }

    @Test
    void sameStateAndActionAlwaysDecideTheSame() {
        PresenceState online = apply(PresenceState.unknown(USER), open("c1"), T1).next();

        assertEquals(apply(online, close("c1"), T2), apply(online, close("c1"), T2));
    }

    @Test
    void aUserWhoAppearsOfflineStillTellsTheGatewaysWhenTheirLastConnectionCloses() {
        PresenceState online = apply(PresenceState.unknown(USER), open("c1"), T1).next();
        PresenceState hidden = apply(online, new OnlineStatusSet(USER, false), T2).next();

        PresenceDecider.Decision closed = apply(hidden, close("c1"), T3);

        assertEquals(List.of(new ConnectivityChanged(USER, false)), closed.updates());
        assertFalse(closed.next().isOnline());
    }

    @Test
    void aUserWhoAppearsOfflineKeepsTheLastActiveOfWhenTheyHidWhenTheirLastConnectionCloses() {
        PresenceState online = apply(PresenceState.unknown(USER), open("c1"), T1).next();
        PresenceState hidden = apply(online, new OnlineStatusSet(USER, false), T2).next();

        PresenceDecider.Decision closed = apply(hidden, close("c1"), T3);

        assertEquals(T2, closed.next().lastActive());
    }

    @Test
    void connectivityIsAnnouncedBesideAStatusChangeButNotForAManualOne() {
        PresenceDecider.Decision first = apply(PresenceState.unknown(USER), open("c1"), T1);
        assertEquals(List.of(new UserStatusChanged(USER, true, T1, List.of()), new ConnectivityChanged(USER, true)), first.updates());

        PresenceDecider.Decision hidden = apply(first.next(), new OnlineStatusSet(USER, false), T2);
        assertEquals(List.of(new UserStatusChanged(USER, false, T2, List.of())), hidden.updates());
    }

    @Test
    void aSocketAnnouncedAgainAfterTheWatchdogClosedItBringsTheUserBackWithoutAFlickerLater() {
        PresenceState online = apply(PresenceState.unknown(USER), open("c1"), T1).next();
        PresenceState expired = apply(online, new ConnectionClosed(USER, "c1", "gw", "run", "gateway-expired"), T2).next();
        assertFalse(expired.isOnline());

        PresenceDecider.Decision again = apply(expired, open("c1~1"), T3);
        assertTrue(again.next().isOnline());
        assertEquals(List.of(new UserStatusChanged(USER, true, T3, List.of()), new ConnectivityChanged(USER, true)), again.updates());

        PresenceDecider.Decision oldIdClosed = apply(again.next(), new ConnectionClosed(USER, "c1", "gw", "run", "reannounced"), T3);
        assertEquals(List.of(), oldIdClosed.updates());
        assertTrue(oldIdClosed.next().isOnline());
    }

    @Test
    void theWatchdogClosingOneOfSeveralConnectionsAsksItsGatewayToAnnounceItAgainIfAlive() {
        PresenceState twoDevices = apply(apply(PresenceState.unknown(USER), open("c1"), T1).next(),
                new ConnectionOpened(USER, "c2", "gw-2", "run-2"), T1).next();

        PresenceDecider.Decision expired = apply(twoDevices, new ConnectionClosed(USER, "c2", "gw-2", "run-2", "gateway-expired"), T2);

        assertEquals(List.of(new ConnectionExpired(USER, "c2", "run-2")), expired.updates(), "still online through c1: nothing visible");
        assertTrue(expired.next().isOnline());
        assertEquals(List.of(), apply(twoDevices, new ConnectionClosed(USER, "c2", "gw-2", "run-2", "disconnect"), T2).updates(),
                "a socket its own gateway closed is not asked about");
        assertEquals(List.of(), apply(expired.next(), new ConnectionClosed(USER, "c2", "gw-2", "run-2", "gateway-expired"), T3).updates(),
                "nor one already closed");
    }

    @Test
    void theWatchdogClosingALastConnectionLeavesTheAskingToConnectivityChanged() {
        PresenceState online = apply(PresenceState.unknown(USER), open("c1"), T1).next();

        PresenceDecider.Decision expired = apply(online, new ConnectionClosed(USER, "c1", "gw", "run", "gateway-expired"), T2);

        assertEquals(List.of(new UserStatusChanged(USER, false, T2, List.of()), new ConnectivityChanged(USER, false)), expired.updates());
    }

    @Test
    void aSocketAnnouncedAgainWhileStillOpenStaysOnlineThroughout() {
        PresenceState online = apply(PresenceState.unknown(USER), open("c1"), T1).next();

        PresenceDecider.Decision newId = apply(online, open("c1~1"), T2);
        PresenceDecider.Decision oldIdClosed = apply(newId.next(), new ConnectionClosed(USER, "c1", "gw", "run", "reannounced"), T2);

        assertEquals(List.of(), newId.updates());
        assertEquals(List.of(), oldIdClosed.updates());
        assertTrue(oldIdClosed.next().isOnline());
        assertEquals(T1, oldIdClosed.next().lastActive());
    }
}
