package dev.switchboard.gateway.health;

import dev.switchboard.gateway.kafka.LogDiskReserve;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogDiskHealthIndicatorTest {
    private static final long MB = 1 << 20;
    private final AtomicLong usable = new AtomicLong(300 * MB);
    private final LogDiskReserve reserve = LogDiskReserve.readOnDemand(Path.of("/data/kafka"), usable::get, 256 * MB);
    private final LogDiskHealthIndicator indicator = new LogDiskHealthIndicator(reserve);

    @Test
    void upWithTheDiskFiguresAboveTheReserve() {
        Health health = indicator.health();

        assertEquals(Status.UP, health.getStatus());
        assertEquals("/data/kafka", health.getDetails().get("path"));
        assertEquals(300 * MB, health.getDetails().get("usableBytes"));
        assertEquals(256 * MB, health.getDetails().get("reserveBytes"));
    }

    @Test
    void downUnderTheReserveSayingClientsActionsAreRefusedThenEveryActionUnderItsLastQuarter() {
        usable.set(100 * MB);
        reserve.check();
        Health underReserve = indicator.health();
        usable.set(10 * MB);
        reserve.check();
        Health underLastQuarter = indicator.health();

        assertEquals(Status.DOWN, underReserve.getStatus());
        assertTrue(underReserve.getDetails().get("error").toString().contains("clients' actions are refused"), underReserve.toString());
        assertEquals(Status.DOWN, underLastQuarter.getStatus());
        assertTrue(underLastQuarter.getDetails().get("error").toString().contains("every action is refused"), underLastQuarter.toString());
    }

    @Test
    void upAndNotWatchedWhereTheLogIsOnBrokersElsewhere() {
        Health health = new LogDiskHealthIndicator(LogDiskReserve.unwatched()).health();

        assertEquals(Status.UP, health.getStatus());
        assertEquals(false, health.getDetails().get("watched"));
    }
}
