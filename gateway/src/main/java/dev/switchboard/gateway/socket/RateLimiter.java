package dev.switchboard.gateway.socket;

/**
 * A token bucket per connection: {@code burst} events at once, refilled at {@code perSecond}. Over it, an event
 * is refused with {@code RATE_LIMITED} and not recorded.
 */
final class RateLimiter {
    private final double perNano;
    private final double burst;
    private double tokens;
    private long last = System.nanoTime();

    RateLimiter(int perSecond, int burst) {
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
    }

    synchronized boolean tryAcquire() {
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
