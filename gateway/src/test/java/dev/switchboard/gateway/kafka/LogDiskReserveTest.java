package dev.switchboard.gateway.kafka;

import dev.switchboard.events.Actor;
import dev.switchboard.events.Envelope;
import dev.switchboard.events.ErrorCode;
import dev.switchboard.events.kafka.EnvelopeSerializer;
import dev.switchboard.events.gateway.GatewaySignal.GatewayHeartbeat;
import dev.switchboard.events.presence.PresenceAction.OnlineStatusRequested;
import dev.switchboard.gateway.errors.ClientError;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogDiskReserveTest {
    private static final long MB = 1 << 20;
    private final AtomicLong usable = new AtomicLong(1_000 * MB);
    private final LogDiskReserve reserve = LogDiskReserve.readOnDemand(Path.of("/data/kafka"), usable::get, 256 * MB);
    private final MockProducer<String, Envelope<?>> log = new MockProducer<>(true, null, new StringSerializer(), new EnvelopeSerializer());
    private final ActionRecorder recorder = new ActionRecorder(log, reserve);

    private static Envelope<OnlineStatusRequested> clientsAction() {
        return Envelope.newAction(new OnlineStatusRequested("u1", "c1"), Actor.user("u2", "client"), "u1", Instant.now());
    }

    @Test
    void clientsActionsAreRefusedUnavailableAndNotSentWhileTheDiskIsUnderItsReserve() {
        usable.set(255 * MB);
        reserve.check();

        CompletableFuture<?> recorded = recorder.record(clientsAction());

        CompletionException failure = assertThrows(CompletionException.class, recorded::join);
        assertEquals(ErrorCode.UNAVAILABLE, ClientError.from(failure).code());
        assertTrue(log.history().isEmpty(), "sent " + log.history());
        assertTrue(reserve.space().orElseThrow().refusesActions());
    }

    @Test
    void clientsActionsAreTakenAgainOnceSpaceIsFreed() {
        usable.set(10 * MB);
        reserve.check();
        usable.set(300 * MB);
        reserve.check();

        recorder.record(clientsAction()).join();

        assertEquals(1, log.history().size());
        assertFalse(reserve.refusesActions());
        assertEquals(300 * MB, reserve.space().orElseThrow().usableBytes());
    }

    @Test
    void theGatewaysOwnBookkeepingIsRecordedUnderTheReserveDownToItsLastQuarter() {
        usable.set(64 * MB);
        reserve.check();
        recorder.recordBookkeeping(heartbeat()).join();
        assertEquals(1, log.history().size());

        usable.set(64 * MB - 1);
        reserve.check();
        CompletionException failure = assertThrows(CompletionException.class, () -> recorder.recordBookkeeping(heartbeat()).join());

        assertEquals(ErrorCode.UNAVAILABLE, ClientError.from(failure).code());
        assertEquals(1, log.history().size());
        assertTrue(reserve.refusesBookkeeping());
    }

    private static Envelope<GatewayHeartbeat> heartbeat() {
        return Envelope.newAction(new GatewayHeartbeat("g1", "run1", Instant.now(), 3), Actor.system("g1"), "g1", Instant.now());
    }

    @Test
    void aDiskThatCannotBeReadKeepsItsLastReading() {
        boolean[] readable = {true};
        LogDiskReserve flaky = LogDiskReserve.readOnDemand(Path.of("/data/kafka"), () -> {
            if (!readable[0]) {
                throw new IllegalStateException("statvfs failed");
            }
            return usable.get();
        }, 256 * MB);
        usable.set(10 * MB);
        flaky.check();
        readable[0] = false;
        usable.set(300 * MB);
        flaky.check();

        assertTrue(flaky.refusesActions());
        assertEquals(10 * MB, flaky.space().orElseThrow().usableBytes());
    }

    @Test
    void aGatewayThatDoesNotWatchTheLogsDiskRefusesNothing() {
        LogDiskReserve unwatched = LogDiskReserve.unwatched();

        assertFalse(unwatched.refusesActions());
        assertFalse(unwatched.refusesBookkeeping());
        assertTrue(unwatched.space().isEmpty());
    }
}
