package dev.switchboard.gateway.store;

import dev.switchboard.gateway.DaemonThreads;
import dev.switchboard.gateway.errors.ClientError;
import org.springframework.stereotype.Component;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Where socket events that only ask the store something (an online status, an unread count) make their query: a few
 * threads of their own, so a slow or absent store holds none of the socket server's event-loop threads, which every
 * connection on them shares. A store known to be down, or more queries waiting than {@link #WAITING}, is refused
 * {@code UNAVAILABLE} at once. Events that record an action stay on the socket thread, in the connection's order, unless
 * they have to read the store first ({@link OffTheLoop}): then they run here, still in the connection's order.
 */
@Component
public class StoreReads implements AutoCloseable {
    static final int THREADS = 4;
    static final int WAITING = 1_000;

    private final GatewayReadModels store;
    private final ThreadPoolExecutor pool = new ThreadPoolExecutor(THREADS, THREADS, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(WAITING), DaemonThreads.named("socket-store-reads"));

    public StoreReads(GatewayReadModels store) {
        this.store = store;
    }

    public <T> CompletableFuture<T> ask(Supplier<T> query) {
        try {
            store.requireReachable();
            return CompletableFuture.supplyAsync(query, pool);
        } catch (ClientError e) {
            return CompletableFuture.failedFuture(e);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(ClientError.storeUnavailable());
        }
    }

    /**
     * Runs {@code work} that may read the store on these threads.
     *
     * @throws RejectedExecutionException when more than {@link #WAITING} wait already
     */
    public void execute(Runnable work) {
        pool.execute(work);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
