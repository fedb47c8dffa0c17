package dev.switchboard.gateway.store;

import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoOperationTimeoutException;
import com.mongodb.MongoSocketReadTimeoutException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.ServerAddress;
import org.bson.BsonDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StoreHangsTest {
    private final StoreHangs hangs = new StoreHangs(Duration.ofMillis(20));
    private final AtomicBoolean answers = new AtomicBoolean();
    private final AtomicInteger pings = new AtomicInteger();

    StoreHangsTest() {
        hangs.pingWith(() -> {
            pings.incrementAndGet();
            if (!answers.get()) {
                throw new MongoOperationTimeoutException("ping timed out");
            }
        });
    }

    @AfterEach
    void stop() {
        hangs.close();
    }

    @Test
    void aCommandThatTimedOutWaitingForTheStoreMakesItHangingUntilItAnswersAPing() throws Exception {
        assertFalse(hangs.isHanging());

        hangs.failed(new MongoOperationTimeoutException("Timeout while receiving message"));

        assertTrue(hangs.isHanging());
        eventually(() -> pings.get() >= 3);
        assertTrue(hangs.isHanging(), "pings that time out leave it hanging");
        answers.set(true);
        eventually(() -> !hangs.isHanging());

        hangs.failed(new MongoSocketReadTimeoutException("Timeout while receiving message", new ServerAddress(), new SocketTimeoutException()));
        assertTrue(hangs.isHanging(), "and a later timeout makes it hanging again");
        eventually(() -> !hangs.isHanging());
    }

    @Test
    void otherFailuresDoNotMakeItHanging() {
        hangs.failed(new MongoExecutionTimeoutException(50, "operation exceeded time limit")); // the store answered
        hangs.failed(new MongoTimeoutException("Timed out while waiting for a server")); // the driver's monitor knows
        hangs.failed(new com.mongodb.MongoCommandException(new BsonDocument(), new ServerAddress()));

        assertFalse(hangs.isHanging());
    }

    private static void eventually(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "not within 5 s");
            Thread.sleep(5);
        }
    }
}
