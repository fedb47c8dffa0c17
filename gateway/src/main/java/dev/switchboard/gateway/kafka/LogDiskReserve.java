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
 * {@code DATA_DIR/kafka} with its embedded broker). A Kafka broker whose only log directory fails a write (the disk
 * full) halts its process, which in standalone is the whole stack. So while less than {@code LOG_DISK_RESERVE_MB} is
 * usable, the gateway refuses what clients ask to record ({@code UNAVAILABLE}), and under a quarter of it what it
 * records by itself as well ({@link ActionRecorder#recordBookkeeping}); the stack goes on serving what it has and
 * projecting what was acked, into the reserve, until space is freed. Read every {@link #CHECK_EVERY} (a
 * {@code statvfs}) off the socket threads, so a send reads one field.
 */
@Component
public class LogDiskReserve implements AutoCloseable {
    static final Duration CHECK_EVERY = Duration.ofMillis(250);
    /** Under {@code reserve / BOOKKEEPING_SHARE} the gateway's own records are refused too: the last space before the broker halts. */
    static final int BOOKKEEPING_SHARE = 4;
    private static final Logger log = LoggerFactory.getLogger(LogDiskReserve.class);

    private final Path disk;
    private final LongSupplier usableBytes;
    private final long reserveBytes;
    private final ScheduledExecutorService checks;
    /** The disk as last read; null when not watched. */
    private volatile Space space;
    /** Whether the last read failed (read and written by the checking thread only). */
    private boolean unreadable;

    /** The disk as last read: where, how much is usable, how much is kept. */
    public record Space(Path disk, long usableBytes, long reserveBytes) {
        public boolean refusesActions() {
            return usableBytes < reserveBytes;
        }

        public boolean refusesBookkeeping() {
            return usableBytes < reserveBytes / BOOKKEEPING_SHARE;
        }
    }

    @Autowired
    public LogDiskReserve(GatewaySettings settings) {
        this(settings.logDisk().filter(path -> settings.logDiskReserveBytes() > 0).orElse(null), settings.logDiskReserveBytes(), true);
    }

    private LogDiskReserve(Path disk, long reserveBytes, boolean scheduled) {
        this(disk, disk == null ? () -> Long.MAX_VALUE : usableSpaceOf(disk), reserveBytes, scheduled);
    }

    private LogDiskReserve(Path disk, LongSupplier usableBytes, long reserveBytes, boolean scheduled) {
        this.disk = disk;
        this.usableBytes = usableBytes;
        this.reserveBytes = reserveBytes;
        if (disk == null) {
            checks = null;
            return;
        }
        check();
        if (scheduled) {
            checks = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("log-disk-checks"));
            checks.scheduleWithFixedDelay(this::checkKeepingOn, CHECK_EVERY.toMillis(), CHECK_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        } else {
            checks = null;
        }
    }

    /** Not watched: a gateway whose log is on brokers elsewhere, or whose reserve is 0. */
    public static LogDiskReserve unwatched() {
        return new LogDiskReserve(null, 0, false);
    }

    /** Watching {@code disk} through {@code usableBytes}, read when {@link #check()} is called (tests). */
    public static LogDiskReserve readOnDemand(Path disk, LongSupplier usableBytes, long reserveBytes) {
        return new LogDiskReserve(disk, usableBytes, reserveBytes, false);
    }

    /** The file system holding {@code path}, or its nearest existing parent's (the broker may not have made it yet). */
    private static LongSupplier usableSpaceOf(Path path) {
        Path existing = path.toAbsolutePath();
        while (!Files.exists(existing) && existing.getParent() != null) {
            existing = existing.getParent();
        }
        try {
            FileStore store = Files.getFileStore(existing);
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

    private void checkKeepingOn() {
        try {
            check();
        } catch (Throwable e) { // an exception would end the schedule, and the refusals would stay as they are for good
            log.error("checking the log's disk failed", e);
        }
    }

    /** Reads the usable space again; says so in the log when the refusals start, widen or end, and when reading fails. */
    public void check() {
        long usable;
        try {
            usable = usableBytes.getAsLong();
        } catch (RuntimeException e) {
            if (!unreadable) {
                unreadable = true;
                log.warn("cannot read the usable space of the log's disk {}, keeping the last reading: {}", disk, e.toString());
            }
            return;
        }
        if (unreadable) {
            unreadable = false;
            log.info("the usable space of the log's disk {} can be read again", disk);
        }
        Space before = space;
        Space now = new Space(disk, usable, reserveBytes);
        space = now;
        if (before == null ? now.refusesActions() : before.refusesActions() != now.refusesActions() || before.refusesBookkeeping() != now.refusesBookkeeping()) {
            if (now.refusesBookkeeping()) {
                log.error("the log's disk {} has {} MB usable, under a quarter of the reserve of {} MB: every action is refused until space is freed",
                        disk, usable >> 20, reserveBytes >> 20);
            } else if (now.refusesActions()) {
                log.warn("the log's disk {} has {} MB usable, under the reserve of {} MB: clients' actions are refused UNAVAILABLE until space is freed",
                        disk, usable >> 20, reserveBytes >> 20);
            } else {
                log.info("the log's disk {} has {} MB usable again (reserve {} MB): clients' actions are taken", disk, usable >> 20, reserveBytes >> 20);
            }
        }
    }

    /** Whether what clients ask to record is refused now. */
    public boolean refusesActions() {
        Space now = space;
        return now != null && now.refusesActions();
    }

    /** Whether what the gateway records by itself is refused now. */
    public boolean refusesBookkeeping() {
        Space now = space;
        return now != null && now.refusesBookkeeping();
    }

    /** The disk as last read; empty when not watched (or not read yet). */
    public Optional<Space> space() {
        return Optional.ofNullable(space);
    }

    @Override
    public void close() {
        if (checks != null) {
            checks.shutdownNow();
        }
    }
}
