package dev.switchboard.projector.presence;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeartbeatWatchTest {
    private static final Duration EXPIRY = Duration.ofSeconds(15);
    private static final Instant T0 = Instant.parse("2026-12-05T00:00:00Z");

    /** A watch that has listened since T0, looking every half second up to {@code until}, hearing {@code run} each time until {@code heardUntil}. */
    private static HeartbeatWatch listened(String run, Instant heardUntil, Instant until) {
        HeartbeatWatch watch = new HeartbeatWatch(EXPIRY, T0);
        for (Instant t = T0; !t.isAfter(until); t = t.plusMillis(500)) {
            if (!t.isAfter(heardUntil)) {
                watch.heard(run, t);
            }
            watch.lookedAt(t);
        }
        return watch;
    }

    @Test
    void aRunSilentForAWholeExpiryIsSilentFromItsLastHeartbeat() {
        Instant lastHeard = T0.plusSeconds(10);
        Instant now = T0.plusSeconds(26);
        HeartbeatWatch watch = listened("gw-1", lastHeard, now);

        assertEquals(List.of(new HeartbeatWatch.Silent("gw-1", lastHeard)), watch.silentAmong(List.of("gw-1"), now));
        assertEquals(List.of(), watch.silentAmong(List.of("gw-1"), now.plusSeconds(1)), "not expired twice within the expiry");
    }

    @Test
    void aRunHeardWithinTheExpiryIsNotSilent() {
        Instant now = T0.plusSeconds(30);
        assertEquals(List.of(), listened("gw-1", now, now).silentAmong(List.of("gw-1"), now));
    }

    @Test
    void nothingIsJudgedBeforeTheWatchListenedForAWholeExpiry() {
        Instant now = T0.plusSeconds(14);
        HeartbeatWatch watch = listened("gw-1", T0, now);

        assertFalse(watch.judges(now));
        assertEquals(List.of(), watch.silentAmong(List.of("gw-1", "never-heard"), now));
    }

    @Test
    void aWatchThatWasItselfAwayJudgesNobodyUntilItListenedForAWholeExpiryAgain() {
        Instant pausedAt = T0.plusSeconds(20);
        HeartbeatWatch watch = listened("gw-1", pausedAt, pausedAt);
        Instant resumed = pausedAt.plusSeconds(16); // the process was stopped; the heartbeats it missed are still unread

        assertTrue(watch.lookedAt(resumed));
        assertEquals(List.of(), watch.silentAmong(List.of("gw-1"), resumed), "its own pause is not the gateway's silence");

        watch.heard("gw-1", resumed.plusMillis(200)); // the backlog, read on the next polls
        for (Instant t = resumed.plusMillis(500); t.isBefore(resumed.plus(EXPIRY)); t = t.plusMillis(500)) {
            assertFalse(watch.lookedAt(t));
        }
        Instant later = resumed.plus(EXPIRY).plusSeconds(1);
        watch.lookedAt(later);
        assertEquals(List.of(new HeartbeatWatch.Silent("gw-1", resumed.plusMillis(200))), watch.silentAmong(List.of("gw-1"), later),
                "a gateway that really stopped is still expired, one expiry later");
    }

    @Test
    void withAShortExpiryQuietPollsAreNoAbsenceAndADeadRunIsStillExpired() {
        Duration expiry = Duration.ofSeconds(1);
        HeartbeatWatch watch = new HeartbeatWatch(expiry, T0);
        watch.heard("gw-1", T0);
        Instant t = T0;
        for (int poll = 0; poll < 6; poll++) { // a poll with no heartbeat waits its whole half second, plus the check
            t = t.plusMillis(600);
            assertFalse(watch.lookedAt(t));
        }
        assertEquals(List.of(new HeartbeatWatch.Silent("gw-1", T0)), watch.silentAmong(List.of("gw-1"), t));
    }

    @Test
    void aShortGapBetweenLooksIsNotAnAbsence() {
        HeartbeatWatch watch = new HeartbeatWatch(EXPIRY, T0);
        assertFalse(watch.lookedAt(T0.plusSeconds(4)));
        assertTrue(watch.lookedAt(T0.plusSeconds(10)));
    }
}
