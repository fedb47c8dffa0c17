package dev.switchboard.gateway.limits;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One token bucket per user (on this gateway), so that a user flooding from many connections or requests is limited
 * and other users are not slowed. Buckets are forgotten all at once when more than {@code KEPT} users have one (a
 * forgotten bucket starts full again, which only ever favours the user).
 */
public final class PerUserRateLimits {
    private static final int KEPT = 100_000;

    private final int perSecond;
    private final int burst;
    private final Map<String, RateLimiter> buckets = new ConcurrentHashMap<>();

    public PerUserRateLimits(int perSecond, int burst) {
        this.perSecond = perSecond;
        this.burst = burst;
    }

    public boolean tryAcquire(String userId) {
        if (buckets.size() > KEPT) {
            buckets.clear();
        }
        return buckets.computeIfAbsent(userId, id -> new RateLimiter(perSecond, burst)).tryAcquire();
    }
}
