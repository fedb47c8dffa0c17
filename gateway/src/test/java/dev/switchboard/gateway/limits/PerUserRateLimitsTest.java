package dev.switchboard.gateway.limits;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PerUserRateLimitsTest {

    @Test
    void allowsABurstThenRefuses() {
        PerUserRateLimits limits = new PerUserRateLimits(1, 5);
        int allowed = 0;
        for (int i = 0; i < 10; i++) {
            if (limits.tryAcquire("u1")) {
                allowed++;
            }
        }
        assertEquals(5, allowed);
        assertFalse(limits.tryAcquire("u1"));
    }

    @Test
    void refillsOverTime() {
        long[] now = {0};
        PerUserRateLimits limits = new PerUserRateLimits(1000, 1, () -> now[0]);
        assertTrue(limits.tryAcquire("u1"));
        assertFalse(limits.tryAcquire("u1"));
        now[0] += 500_000; // half a token
        assertFalse(limits.tryAcquire("u1"));
        now[0] += 600_000;
        assertTrue(limits.tryAcquire("u1"));
    }

    @Test
    void oneUserOverTheirRateDoesNotSlowAnother() {
        long[] now = {0};
        PerUserRateLimits limits = new PerUserRateLimits(1, 1, () -> now[0]);
        assertTrue(limits.tryAcquire("u1"));
        assertFalse(limits.tryAcquire("u1"));
        assertTrue(limits.tryAcquire("u2"));
    }
}
