package dev.switchboard.gateway.store;

import dev.switchboard.events.ErrorCode;
import dev.switchboard.gateway.GatewaySettings;
import dev.switchboard.gateway.errors.ClientError;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A query a socket event makes of a store the driver knows to be down is refused at once, without asking it. */
class StoreReadsTest {

    @Test
    void aStoreNoServerOfWhichIsKnownIsRefusedUnavailableAtOnceWithoutAsking() throws Exception {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", Map.of(
                "MONGODB_URI", "mongodb://127.0.0.1:1", "JWT_SECRET", "0123456789abcdef0123456789abcdef")));
        try (GatewayReadModels store = new GatewayReadModels(new GatewaySettings(environment));
             StoreReads reads = new StoreReads(store)) {
            assertFalse(store.isReachable());
            AtomicBoolean asked = new AtomicBoolean();
            long started = System.nanoTime();
            CompletableFuture<Long> answer = reads.ask(() -> {
                asked.set(true);
                return 1L;
            });
            ExecutionException failed = assertThrows(ExecutionException.class, () -> answer.get(1, TimeUnit.SECONDS));
            assertTrue(System.nanoTime() - started < TimeUnit.MILLISECONDS.toNanos(500), "refused at once");
            assertEquals(ErrorCode.UNAVAILABLE, ClientError.from(failed.getCause()).code());
            assertFalse(asked.get(), "the store was not asked");
        }
    }
}
