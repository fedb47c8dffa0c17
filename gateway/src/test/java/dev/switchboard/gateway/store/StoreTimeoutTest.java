package dev.switchboard.gateway.store;

import com.mongodb.MongoClientSettings;
import com.mongodb.MongoSocketReadException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.ServerAddress;
import dev.switchboard.events.ErrorCode;
import dev.switchboard.gateway.GatewaySettings;
import dev.switchboard.gateway.errors.ClientError;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** STORE_TIMEOUT_MS: how long a gateway waits on the store, unless MONGODB_URI says, and what a caller is told. */
class StoreTimeoutTest {

    @Test
    void boundsEveryOperationAndTheSearchForAServerUnlessTheUriSetsALimit() {
        MongoClientSettings bounded = GatewayReadModels.clientSettings("mongodb://127.0.0.1:27017", Duration.ofMillis(3_000));
        assertEquals(3_000L, bounded.getTimeout(TimeUnit.MILLISECONDS));
        assertEquals(3_000L, bounded.getClusterSettings().getServerSelectionTimeout(TimeUnit.MILLISECONDS));

        MongoClientSettings ownTimeout = GatewayReadModels.clientSettings("mongodb://127.0.0.1:27017/?timeoutMS=20000", Duration.ofMillis(3_000));
        assertEquals(20_000L, ownTimeout.getTimeout(TimeUnit.MILLISECONDS));
        MongoClientSettings ownSelection = GatewayReadModels.clientSettings("mongodb://127.0.0.1:27017/?serverSelectionTimeoutMS=12000",
                Duration.ofMillis(3_000));
        assertNull(ownSelection.getTimeout(TimeUnit.MILLISECONDS));
        assertEquals(12_000L, ownSelection.getClusterSettings().getServerSelectionTimeout(TimeUnit.MILLISECONDS));
    }

    @Test
    void isThreeSecondsUnlessSetAndAtLeastOneMillisecond() {
        assertEquals(Duration.ofSeconds(3), new GatewaySettings(environment(Map.of())).storeTimeout());
        assertEquals(Duration.ofMillis(500), new GatewaySettings(environment(Map.of("STORE_TIMEOUT_MS", "500"))).storeTimeout());
        for (String timeout : new String[]{"0", "-1"}) {
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> new GatewaySettings(environment(Map.of("STORE_TIMEOUT_MS", timeout))));
            assertTrue(refused.getMessage().contains("STORE_TIMEOUT_MS"), refused.getMessage());
        }
    }

    @Test
    void aStoreThatDoesNotAnswerIsUnavailableAndRecordedNothing() {
        for (RuntimeException failure : new RuntimeException[]{new MongoTimeoutException("Timed out while waiting for a server"),
                new MongoSocketReadException("Prematurely reached end of stream", new ServerAddress())}) {
            ClientError error = ClientError.from(failure);
            assertEquals(ErrorCode.UNAVAILABLE, error.code());
            assertEquals(ClientError.STORE_UNAVAILABLE, error.getMessage());
        }
    }

    private static StandardEnvironment environment(Map<String, Object> settings) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", settings));
        environment.getPropertySources().addLast(new MapPropertySource("secret", Map.of("JWT_SECRET", "0123456789abcdef0123456789abcdef")));
        return environment;
    }
}
