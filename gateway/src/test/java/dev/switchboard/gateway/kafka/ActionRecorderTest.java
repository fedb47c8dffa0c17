package dev.switchboard.gateway.kafka;

import dev.switchboard.events.Actor;
import dev.switchboard.events.Envelope;
import dev.switchboard.events.ErrorCode;
import dev.switchboard.events.kafka.KafkaCluster;
import dev.switchboard.events.presence.PresenceAction.OnlineStatusRequested;
import dev.switchboard.gateway.FreePort;
import dev.switchboard.gateway.errors.ClientError;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ActionRecorderTest {

    @Test
    void anActionWhoseTopicTheProducerDoesNotKnowIsRefusedAtOnceInsteadOfWaitingForTheBroker() {
        KafkaCluster away = KafkaCluster.at("127.0.0.1:" + FreePort.find());
        try (ActionRecorder recorder = new ActionRecorder(ActionRecorder.producer(away, "action-recorder-test"))) {
            long started = System.nanoTime();
            CompletableFuture<?> recorded = recorder.record(Envelope.newAction(new OnlineStatusRequested("u1", "c1"),
                    Actor.user("u2", "client"), "u1", Instant.now()));
            long tookMs = (System.nanoTime() - started) / 1_000_000;

            CompletionException failure = assertThrows(CompletionException.class, recorded::join);
            assertEquals(ErrorCode.UNAVAILABLE, ClientError.from(failure).code());
            assertTrue(tookMs < 1_000, "record held its caller " + tookMs + " ms");
        }
    }
}
