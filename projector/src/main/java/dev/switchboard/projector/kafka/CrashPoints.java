package dev.switchboard.projector.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fault injection for crash tests: with {@code PROJECTOR_FAULT} set to a point of the batch cycle, the process halts
 * at that point of its {@code PROJECTOR_FAULT_AFTER_BATCHES}-th batch (default 1) as abruptly as {@code kill -9}
 * (no shutdown hooks, nothing flushed); {@code freeze-at-start} instead stops the whole process ({@code SIGSTOP}:
 * every thread, its consumer's heartbeats too, as a stop-the-world pause or a suspended VM does) when that batch has
 * been polled and nothing of it applied, until a {@code SIGCONT}. With {@code PROJECTOR_FAULT_TOPIC} only batches
 * holding records of that topic count. Unset, every check is a no-op.
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
        AFTER_POSITIONS,
        /** the batch is polled, nothing of it applied: the process freezes instead of halting */
        FREEZE_AT_START
    }

    private final Point armed;
    private final int onBatch;
    private final String topic;
    private final AtomicInteger batches = new AtomicInteger();
    /** Only the consumer thread touches it. */
    private boolean frozen;

    public CrashPoints(Environment env) {
        String point = env.getProperty("PROJECTOR_FAULT", "");
        this.armed = point.isBlank() ? null : Point.valueOf(point.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        this.onBatch = env.getProperty("PROJECTOR_FAULT_AFTER_BATCHES", Integer.class, 1);
        String only = env.getProperty("PROJECTOR_FAULT_TOPIC", "");
        this.topic = only.isBlank() ? null : only.trim();
        if (armed != null) {
            log.warn("fault injection armed: the process {} at {} of batch {}{}", armed == Point.FREEZE_AT_START ? "freezes" : "halts",
                    armed, onBatch, topic == null ? "" : " among those holding " + topic);
        }
    }

    void batchStarted(List<ConsumerRecord<String, byte[]>> records) {
        if (armed != null && (topic == null || records.stream().anyMatch(record -> record.topic().equals(topic)))) {
            batches.incrementAndGet();
            reached(Point.FREEZE_AT_START);
        }
    }

    void reached(Point point) {
        if (point != armed || batches.get() < onBatch) {
            return;
        }
        if (point == Point.FREEZE_AT_START) {
            freezeOnce();
            return;
        }
        log.error("halting at fault point {} of batch {} (PROJECTOR_FAULT)", point, batches.get());
        Runtime.getRuntime().halt(137);
    }

    private void freezeOnce() {
        if (frozen) {
            return;
        }
        frozen = true;
        long pid = ProcessHandle.current().pid();
        log.error("freezing (SIGSTOP) at the start of batch {} (PROJECTOR_FAULT); SIGCONT {} resumes it", batches.get(), pid);
        try {
            new ProcessBuilder("kill", "-STOP", Long.toString(pid)).start().waitFor();
            log.warn("resumed after a freeze (PROJECTOR_FAULT)");
        } catch (IOException e) {
            throw new IllegalStateException("cannot freeze", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
