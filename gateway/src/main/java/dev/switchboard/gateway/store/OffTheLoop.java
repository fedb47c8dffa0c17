package dev.switchboard.gateway.store;

import java.util.function.Supplier;

/**
 * Keeps the store's reads off the socket server's event-loop threads, which every connection on them shares: a store
 * that hangs would otherwise hold each of them for up to {@code STORE_TIMEOUT_MS} per read, and with them every
 * connection's sends. The socket event table handles an event on its event loop {@link #handle inside} this guard; a read
 * of what the gateway does not have in memory calls {@link #beforeReading()} first, which there throws {@link Moved}.
 * Such a read comes before the handler has done anything, so the event table hands the event, and the connection's
 * later events after it, to {@link StoreReads}' threads, where the read may wait.
 */
public final class OffTheLoop {
    private static final ThreadLocal<Boolean> ON_THE_LOOP = ThreadLocal.withInitial(() -> Boolean.FALSE);

    private OffTheLoop() {
    }

    /** The event must be handled again off the event loop: it had done nothing when this was thrown. */
    public static final class Moved extends RuntimeException {
        private static final Moved INSTANCE = new Moved();

        private Moved() {
            super("a store read moves the event off the socket event loop", null, false, false);
        }
    }

    /** Runs {@code handling} on this event loop; {@link Moved} when it is about to read the store. */
    public static <T> T handle(Supplier<T> handling) {
        ON_THE_LOOP.set(Boolean.TRUE);
        try {
            return handling.get();
        } finally {
            ON_THE_LOOP.set(Boolean.FALSE);
        }
    }

    /** Called before a read of the store: throws {@link Moved} inside {@link #handle}, does nothing anywhere else. */
    public static void beforeReading() {
        if (ON_THE_LOOP.get()) {
            throw Moved.INSTANCE;
        }
    }
}
