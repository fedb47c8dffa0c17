package dev.switchboard.gateway.store;

import com.mongodb.MongoOperationTimeoutException;
import com.mongodb.MongoSocketReadTimeoutException;
import com.mongodb.event.CommandFailedEvent;
import com.mongodb.event.CommandListener;
import dev.switchboard.gateway.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Notices a store that hangs: its connections stay open and nothing comes back, so the driver's monitor goes on
 * finding it for many seconds (more than 6.5 s in {@code FrozenStoreTest}) and every read waits {@code STORE_TIMEOUT_MS}
 * before it gives up. Once a command of the gateway's client has timed out waiting for the store, the store counts as
 * hanging ({@link GatewayReadModels#isReachable()} is false, so the reads after that one give up at once) until it answers
 * a ping again, which is tried every {@link #PROBE_EVERY}.
 */
final class StoreHangs implements CommandListener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StoreHangs.class);
    static final Duration PROBE_EVERY = Duration.ofMillis(250);

    private final Duration probeEvery;
    private final ScheduledExecutorService prober = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("store-hang-probe"));
    private final AtomicBoolean probing = new AtomicBoolean();
    private volatile boolean hanging;
    private volatile Runnable ping = () -> {
        throw new IllegalStateException("no ping yet");
    };

    StoreHangs() {
        this(PROBE_EVERY);
    }

    StoreHangs(Duration probeEvery) {
        this.probeEvery = probeEvery;
    }

    /** How to ask the store whether it answers again (throws when it does not): known once the client exists. */
    void pingWith(Runnable ping) {
        this.ping = ping;
    }

    boolean isHanging() {
        return hanging;
    }

    @Override
    public void commandFailed(CommandFailedEvent event) {
        failed(event.getThrowable());
    }

    /** A command failed: a timeout waiting for the store's answer makes it count as hanging. */
    void failed(Throwable failure) {
        if (!(failure instanceof MongoOperationTimeoutException || failure instanceof MongoSocketReadTimeoutException)) {
            return;
        }
        if (!hanging) {
            log.warn("the store did not answer in time ({}): reads are refused at once until it answers a ping", failure.toString());
        }
        hanging = true;
        if (probing.compareAndSet(false, true)) {
            prober.schedule(this::probe, probeEvery.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void probe() {
        try {
            ping.run();
        } catch (RuntimeException stillHanging) {
            prober.schedule(this::probe, probeEvery.toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        probing.set(false); // first: a timeout noticed from here on starts probing again
        hanging = false;
        log.info("the store answers again");
    }

    @Override
    public void close() {
        prober.shutdownNow();
    }
}
