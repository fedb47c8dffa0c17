package dev.switchboard.gateway.limits;

/**
 * A token bucket: {@code burst} events at once, refilled at {@code perSecond}. Over it, an event
 * is refused with {@code RATE_LIMITED} and not recorded.
 */
public final class RateLimiter {
    private final double perNano;
    private final double burst;
    private double tokens;
    private long last = System.nanoTime();

    public RateLimiter(int perSecond, int burst) {
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
    }

    public synchronized boolean tryAcquire() {
        long now = System.nanoTime();
        tokens = Math.min(burst, tokens + (now - last) * perNano);
        last = now;
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }
}
