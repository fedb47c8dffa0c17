package dev.switchboard.projector.kafka;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fault injection for crash tests: with {@code PROJECTOR_FAULT} set to a point of the batch cycle, the process halts
 * at that point of its {@code PROJECTOR_FAULT_AFTER_BATCHES}-th batch (default 1) as abruptly as {@code kill -9}
 * (no shutdown hooks, nothing flushed). Unset, every check is a no-op.
 */
@Component
public class CrashPoints {
    private static final Logger log = LoggerFactory.getLogger(CrashPoints.class);

    public enum Point {
        /** the batch's read-model writes are done; nothing published, position not moved */
        AFTER_WRITE,
        /** its updates are in the log; position not moved */
        AFTER_PUBLISH,
        /** its position is stored; the consumer group's offsets not committed */
        AFTER_POSITIONS
    }

    private final Point armed;
    private final int onBatch;
    private final AtomicInteger batches = new AtomicInteger();

    public CrashPoints(Environment env) {
        String point = env.getProperty("PROJECTOR_FAULT", "");
        this.armed = point.isBlank() ? null : Point.valueOf(point.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        this.onBatch = env.getProperty("PROJECTOR_FAULT_AFTER_BATCHES", Integer.class, 1);
        if (armed != null) {
            log.warn("fault injection armed: the process halts at {} of batch {}", armed, onBatch);
        }
    }

    void batchStarted() {
        if (armed != null) {
            batches.incrementAndGet();
        }
    }

    void reached(Point point) {
        if (point == armed && batches.get() >= onBatch) {
            log.error("halting at fault point {} of batch {} (PROJECTOR_FAULT)", point, batches.get());
            Runtime.getRuntime().halt(137);
        }
    }
}
