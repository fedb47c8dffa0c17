package dev.switchboard.gateway.limits;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RateLimiterTest {

    @Test
    void allowsABurstThenRefuses() {
        RateLimiter limiter = new RateLimiter(1, 5);
        int allowed = 0;
        for (int i = 0; i < 10; i++) {
            if (limiter.tryAcquire()) {
                allowed++;
            }
        }
        assertEquals(5, allowed);
        assertFalse(limiter.tryAcquire());
    }

    @Test
    void refillsOverTime() throws InterruptedException {
        RateLimiter limiter = new RateLimiter(1000, 1);
        assertTrue(limiter.tryAcquire());
        assertFalse(limiter.tryAcquire());
        Thread.sleep(20);
        assertTrue(limiter.tryAcquire());
    }
}
