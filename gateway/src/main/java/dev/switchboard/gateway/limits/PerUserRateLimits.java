package dev.switchboard.gateway.limits;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per user (on this gateway): {@code burst} attempts at once (socket events, REST requests or connects,
 * each with its own buckets), refilled at {@code perSecond}; over it, the attempt is refused with {@code RATE_LIMITED}
 * and nothing of it recorded. Per user, so that a user flooding from many connections or requests is limited and other
 * users are not slowed. Buckets are forgotten all at once when more than {@code KEPT}
 * users have one (a forgotten bucket starts full again, which only ever favours the user).
 */
public final class PerUserRateLimits {
    private static final int KEPT = 100_000;

    private final double perNano;
    private final double burst;
    private final LongSupplier nanoClock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public PerUserRateLimits(int perSecond, int burst) {
        this(perSecond, burst, System::nanoTime);
    }

    PerUserRateLimits(int perSecond, int burst, LongSupplier nanoClock) {
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.nanoClock = nanoClock;
    }

    public boolean tryAcquire(String userId) {
        if (buckets.size() > KEPT) {
            buckets.clear();
        }
        return buckets.computeIfAbsent(userId, id -> new Bucket(nanoClock.getAsLong())).tryAcquire();
    }

    /** One user's tokens. */
    private final class Bucket {
        private double tokens = burst;
        private long last;

        Bucket(long now) {
            this.last = now;
        }

        synchronized boolean tryAcquire() {
            long now = nanoClock.getAsLong();
            tokens = Math.min(burst, tokens + (now - last) * perNano);
            last = now;
            if (tokens < 1) {
                return false;
            }
            tokens -= 1;
            return true;
        }
    }
}
