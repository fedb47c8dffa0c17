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
 * chance to read are not silence. A run it expired is not expired again within the expiry.
 */
final class HeartbeatWatch {
    /** A silent run, and the time its connections close at: its last heartbeat heard, or now if none was. */
    record Silent(String run, Instant closedAt) {
    }

    private final Duration expiry;
    private final Map<String, Instant> lastHeartbeatByRun = new ConcurrentHashMap<>();
    private final Map<String, Instant> expiredAt = new ConcurrentHashMap<>();
    private volatile Instant listeningSince;
    private volatile Instant lastLook;

    HeartbeatWatch(Duration expiry, Instant start) {
        this.expiry = expiry;
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
        boolean away = Duration.between(lastLook, now).compareTo(expiry.dividedBy(3)) > 0;
        if (away) {
            listeningSince = now;
        }
        lastLook = now;
        return away;
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
