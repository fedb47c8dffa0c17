package dev.switchboard.gateway.kafka;

import dev.switchboard.gateway.DaemonThreads;
import dev.switchboard.gateway.GatewaySettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The space left on the event log's disk, when this gateway can see that disk ({@code LOG_DISK}: standalone's
 * {@code DATA_DIR} with its embedded broker). A Kafka broker whose only log directory fails to write (the disk full)
 * halts its process, which in standalone is the whole stack; so while less than {@code LOG_DISK_RESERVE_MB} is usable,
 * the gateway refuses what clients ask to record ({@code UNAVAILABLE}) and the stack goes on serving reads, projecting
 * what was acked into the reserve, until space is freed. Checked every {@link #CHECK_EVERY} (a {@code statvfs}, off the
 * socket threads, so a send reads a field).
 */
@Component
public class LogDiskReserve implements AutoCloseable {
    static final Duration CHECK_EVERY = Duration.ofMillis(250);
    private static final Logger log = LoggerFactory.getLogger(LogDiskReserve.class);

    private final Optional<Path> disk;
    private final LongSupplier usableBytes;
    private final long reserveBytes;
    private final ScheduledExecutorService checks;
    private volatile long usable = Long.MAX_VALUE;
    private volatile boolean refusing;

    /** What the health and the refusal say about the disk: where, how much is usable, how much is kept. */
    public record Space(Path disk, long usableBytes, long reserveBytes, boolean refusingActions) {
    }

    @Autowired
    public LogDiskReserve(GatewaySettings settings) {
        this(settings.logDisk(), settings.logDiskReserveBytes(), true);
    }

    private LogDiskReserve(Optional<Path> disk, long reserveBytes, boolean scheduled) {
        this(disk, disk.map(LogDiskReserve::usableSpaceOf).orElse(() -> Long.MAX_VALUE), reserveBytes, scheduled);
    }

    LogDiskReserve(Optional<Path> disk, LongSupplier usableBytes, long reserveBytes, boolean scheduled) {
        this.disk = disk;
        this.usableBytes = usableBytes;
        this.reserveBytes = reserveBytes;
        if (disk.isPresent() && reserveBytes > 0) {
            check();
            if (scheduled) {
                checks = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("log-disk-checks"));
                checks.scheduleWithFixedDelay(this::check, CHECK_EVERY.toMillis(), CHECK_EVERY.toMillis(), TimeUnit.MILLISECONDS);
                return;
            }
        }
        checks = null;
    }

    /** Not watched: a gateway whose log is on a broker elsewhere (tests, and gateways of a real cluster). */
    public static LogDiskReserve unwatched() {
        return new LogDiskReserve(Optional.empty(), 0, false);
    }

    private static LongSupplier usableSpaceOf(Path path) {
        try {
            Files.createDirectories(path);
            FileStore store = Files.getFileStore(path);
            return () -> {
                try {
                    return store.getUsableSpace();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            };
        } catch (IOException e) {
            throw new IllegalStateException("LOG_DISK " + path + " cannot be watched: " + e, e);
        }
    }

    /** Reads the usable space again, and says so in the log when the refusals start or end. */
    void check() {
        long now;
        try {
            now = usableBytes.getAsLong();
        } catch (RuntimeException e) {
            log.warn("could not read the usable space of the log's disk {}: {}", disk.orElse(null), e.toString());
            return;
        }
        usable = now;
        boolean below = now < reserveBytes;
        if (below != refusing) {
            refusing = below;
            if (below) {
                log.warn("the log's disk {} has {} MB usable, under the reserve of {} MB: clients' actions are refused UNAVAILABLE until space is freed",
                        disk.orElse(null), now >> 20, reserveBytes >> 20);
            } else {
                log.info("the log's disk {} has {} MB usable again (reserve {} MB): clients' actions are taken", disk.orElse(null), now >> 20,
                        reserveBytes >> 20);
            }
        }
    }

    /** Whether clients' actions are refused now: the log's disk has less than the reserve usable. */
    public boolean refusesActions() {
        return refusing;
    }

    /** The disk as last checked; empty when no disk is watched. */
    public Optional<Space> space() {
        return reserveBytes <= 0 ? Optional.empty() : disk.map(path -> new Space(path, usable, reserveBytes, refusing));
    }

    @Override
    public void close() {
        if (checks != null) {
            checks.shutdownNow();
        }
    }
}
