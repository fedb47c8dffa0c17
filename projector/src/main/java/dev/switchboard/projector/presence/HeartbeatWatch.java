package dev.switchboard.projector.presence;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which gateway runs went silent, from when this projector heard their heartbeats: the watchdog's clock-based judgement,
 * kept apart from the log and the store so that it is tested with a clock of its own.
 * <p>
 * Silence is only judged after the watch has listened for a whole expiry: from its start, and again after any time it
 * was itself away (its process paused, a slow store) for more than a third of the expiry, because heartbeats it had no
 * chance to read are not silence. Away is at least {@link #MIN_AWAY}: the watch looks after every poll of the heartbeats,
 * which waits up to half a second when none come, so a short expiry must not make every quiet poll an absence. A run it
 * expired is not expired again within the expiry.
 */
final class HeartbeatWatch {
    static final Duration MIN_AWAY = Duration.ofSeconds(2);

    /** A silent run, and the time its connections close at: its last heartbeat heard, or now if none was. */
    record Silent(String run, Instant closedAt) {
    }

    private final Duration expiry;
    private final Duration away;
    private final Map<String, Instant> lastHeartbeatByRun = new ConcurrentHashMap<>();
    private final Map<String, Instant> expiredAt = new ConcurrentHashMap<>();
    private volatile Instant listeningSince;
    private volatile Instant lastLook;

    HeartbeatWatch(Duration expiry, Instant start) {
        this.expiry = expiry;
        Duration third = expiry.dividedBy(3);
        this.away = third.compareTo(MIN_AWAY) > 0 ? third : MIN_AWAY;
        this.listeningSince = start;
        this.lastLook = start;
    }

    void heard(String run, Instant at) {
        lastHeartbeatByRun.put(run, at);
    }

    /**
     * The watch looks again at {@code now} (after each poll of the heartbeats). Returns whether it was away long enough
     * to listen afresh, in which case it judges nobody until it has listened for a whole expiry.
     */
    boolean lookedAt(Instant now) {
        boolean wasAway = Duration.between(lastLook, now).compareTo(away) > 0;
        if (wasAway) {
            listeningSince = now;
        }
        lastLook = now;
        return wasAway;
    }

    /** Whether it has listened long enough to call a run silent. */
    boolean judges(Instant now) {
        return !now.isBefore(listeningSince.plus(expiry));
    }

    /** Of the runs that hold open connections, those silent for a whole expiry at {@code now} (and not just expired). */
    List<Silent> silentAmong(Collection<String> runsWithOpenConnections, Instant now) {
        List<Silent> silent = new ArrayList<>();
        if (!judges(now)) {
            return silent;
        }
        for (String run : runsWithOpenConnections) {
            Instant lastSeen = lastHeartbeatByRun.get(run);
            Instant alreadyExpired = expiredAt.get(run);
            boolean quiet = lastSeen == null || lastSeen.isBefore(now.minus(expiry));
            boolean notJustExpired = alreadyExpired == null || alreadyExpired.isBefore(now.minus(expiry));
            if (quiet && notJustExpired) {
                silent.add(new Silent(run, lastSeen == null ? now : lastSeen));
                expiredAt.put(run, now);
            }
        }
        return silent;
    }
}
