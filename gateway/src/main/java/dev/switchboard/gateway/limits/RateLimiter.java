package dev.switchboard.gateway.limits;

import java.util.function.LongSupplier;

/**
 * A token bucket: {@code burst} events at once, refilled at {@code perSecond}. Over it, an event
 * is refused with {@code RATE_LIMITED} and not recorded.
 */
public final class RateLimiter {
    private final double perNano;
    private final double burst;
    private final LongSupplier nanoClock;
    private double tokens;
    private long last;

    public RateLimiter(int perSecond, int burst) {
        this(perSecond, burst, System::nanoTime);
    }

    RateLimiter(int perSecond, int burst, LongSupplier nanoClock) {
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.nanoClock = nanoClock;
        this.last = nanoClock.getAsLong();
    }

    public synchronized boolean tryAcquire() {
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
