package dev.switchboard.gateway.kafka;

import dev.switchboard.events.Actor;
import dev.switchboard.events.Envelope;
import dev.switchboard.events.ErrorCode;
import dev.switchboard.events.EventJson;
import dev.switchboard.events.kafka.EnvelopeSerializer;
import dev.switchboard.events.presence.PresenceAction.OnlineStatusRequested;
import dev.switchboard.events.presence.PresenceUpdate.OnlineStatusReported;
import dev.switchboard.events.presence.PresenceUpdate.PresenceActionRejected;
import dev.switchboard.events.presence.PresenceUpdate.UserStatusChanged;
import dev.switchboard.gateway.errors.ClientError;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutcomesTest {
    private final MockProducer<String, Envelope<?>> log = new MockProducer<>(false, null, new StringSerializer(), new EnvelopeSerializer());
    private final PendingReplies replies = new PendingReplies(300);
    private final Outcomes outcomes = new Outcomes(new ActionRecorder(log), replies);

    private static Envelope<OnlineStatusRequested> action() {
        return Envelope.newAction(new OnlineStatusRequested("u1", "c1"), Actor.user("u2", "client"), "u1", Instant.now());
    }

    private static ErrorCode codeOf(CompletableFuture<?> future) {
        CompletionException failure = assertThrows(CompletionException.class, future::join);
        return ClientError.from(failure).code();
    }

    @Test
    void anActionTheLogCannotTakeIsUnavailableAndNothingWaitsForIt() {
        Envelope<OnlineStatusRequested> action = action();
        CompletableFuture<OnlineStatusReported> outcome = outcomes.submit(action, OnlineStatusReported.class);
        log.errorNext(new TimeoutException("broker down"));

        assertEquals(ErrorCode.UNAVAILABLE, codeOf(outcome));
    }

    @Test
    void anActionTooLargeForTheLogIsABadRequest() {
        CompletableFuture<OnlineStatusReported> outcome = outcomes.submit(action(), OnlineStatusReported.class);
        log.errorNext(new RecordTooLargeException("1.2 MB"));

        assertEquals(ErrorCode.BAD_REQUEST, codeOf(outcome));
    }

    @Test
    void anOutcomeWithTheActionsCorrelationIdAnswersIt() {
        Envelope<OnlineStatusRequested> action = action();
        CompletableFuture<OnlineStatusReported> outcome = outcomes.submit(action, OnlineStatusReported.class);
        log.completeNext();
        replies.complete(Envelope.causedBy(action, 0, new OnlineStatusReported("u1", true, null, "c1"), "u1"));

        assertEquals("u1", outcome.join().userId());
        assertEquals(1, log.history().size());
        assertEquals(action.id(), EventJson.read(new EnvelopeSerializer().serialize("t", log.history().get(0).value())).id());
    }

    @Test
    void aRejectionFailsWithItsCode() {
        Envelope<OnlineStatusRequested> action = action();
        CompletableFuture<OnlineStatusReported> outcome = outcomes.submit(action, OnlineStatusReported.class);
        log.completeNext();
        replies.complete(Envelope.causedBy(action, 0, new PresenceActionRejected("get-online-status", ErrorCode.FORBIDDEN, "no"), "u1"));

        assertEquals(ErrorCode.FORBIDDEN, codeOf(outcome));
    }

    @Test
    void noOutcomeInTimeIsATimeoutNotUnavailable() {
        CompletableFuture<OnlineStatusReported> outcome = outcomes.submit(action(), OnlineStatusReported.class);
        log.completeNext();

        assertEquals(ErrorCode.TIMEOUT, codeOf(outcome));
    }

    @Test
    void anUpdateOfAnotherTypeThanTheOutcomeDoesNotAnswerTheActionItsOutcomeDoes() {
        Envelope<OnlineStatusRequested> action = action();
        CompletableFuture<OnlineStatusReported> outcome = outcomes.submit(action, OnlineStatusReported.class);
        log.completeNext();
        replies.complete(Envelope.causedBy(action, 0, new UserStatusChanged("u1", true, null, List.of()), "u1"));
        assertFalse(outcome.isDone(), "another update of the same action is not its outcome");

        OnlineStatusReported reported = new OnlineStatusReported("u1", true, null, "c1");
        replies.complete(Envelope.causedBy(action, 1, reported, "u1"));
        assertEquals(reported, outcome.join());
    }

    @Test
    void noOutcomeOfTheExpectedTypeInTimeSaysTheActionIsRecorded() {
        Envelope<OnlineStatusRequested> action = action();
        CompletableFuture<OnlineStatusReported> outcome = outcomes.submit(action, OnlineStatusReported.class);
        log.completeNext();
        replies.complete(Envelope.causedBy(action, 0, new UserStatusChanged("u1", true, null, List.of()), "u1"));

        ClientError error = ClientError.from(assertThrows(CompletionException.class, outcome::join));
        assertEquals(ErrorCode.TIMEOUT, error.code());
        assertTrue(error.getMessage().contains("recorded and may still apply"), error.getMessage());
    }

    @Test
    void anUnexpectedFailureBeforeTheLogSaysNothingWasRecorded() {
        ClientError error = ClientError.from(new CompletionException(new NullPointerException()));
        assertEquals(ErrorCode.UNAVAILABLE, error.code());
        assertTrue(error.getMessage().contains("nothing was recorded"), error.getMessage());
    }
}
