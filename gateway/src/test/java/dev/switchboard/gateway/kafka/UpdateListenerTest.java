package dev.switchboard.gateway.kafka;

import dev.switchboard.events.Actor;
import dev.switchboard.events.Envelope;
import dev.switchboard.events.ErrorCode;
import dev.switchboard.events.Event;
import dev.switchboard.events.EventTypes;
import dev.switchboard.events.Ids;
import dev.switchboard.events.chat.ChatAction.ChatJoined;
import dev.switchboard.events.chat.ChatUpdate.ChatActionRejected;
import dev.switchboard.events.chat.ChatAction.MessagesRead;
import dev.switchboard.events.chat.ChatUpdate.MessagePosted;
import dev.switchboard.events.chat.ChatUpdate.MessagesDelivered;
import dev.switchboard.events.chat.ChatUpdate.MessagesMarkedRead;
import dev.switchboard.events.chat.Message;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The listener's dispatch: replies always, pushes once per update id. */
class UpdateListenerTest {
    private final PendingReplies replies = new PendingReplies(5_000);
    private final List<String> pushedMessages = new ArrayList<>();
    private final UpdateListener listener = new UpdateListener(null, replies,
            List.of(routes -> routes.on(MessagePosted.class, (update, packets) -> pushedMessages.add(update.payload().message().id()))),
            new PushedPositions(), (index, offset, cutBefore) -> null);

    private static Envelope<MessagePosted> posted(String updateId, String correlationId, String messageId) {
        Instant now = Instant.now();
        Message message = new Message(messageId, "chat-1", new Message.Sender("u1", "User u1", null, "client"), "u2", "hi",
                "text", List.of(), null, true, now, false, null, now);
        MessagePosted payload = new MessagePosted(message);
        return new Envelope<>(updateId, EventTypes.nameOf(payload), EventTypes.versionOf(payload), now,
                Actor.user("u1", "client"), "chat-1", correlationId, payload);
    }

    @Test
    void anUpdatePublishedAgainWithTheSameIdIsPushedOnce() {
        Envelope<MessagePosted> first = posted(Ids.newId(), Ids.newId(), "m1");
        listener.dispatch(first, -1, 0);
        listener.dispatch(first, -1, 0);
        listener.dispatch(posted(first.id(), first.correlationId(), "m1"), -1, 0);
        listener.dispatch(posted(Ids.newId(), Ids.newId(), "m2"), -1, 0);
        assertEquals(List.of("m1", "m2"), pushedMessages);
    }

    @Test
    void aRepeatStillAnswersAnAckThatIsPending() {
        Envelope<MessagePosted> update = posted(Ids.newId(), Ids.newId(), "m1");
        listener.dispatch(update, -1, 0); // pushed; nothing was waiting on this gateway
        CompletableFuture<Envelope<?>> reply = replies.expect(update.correlationId(), MessagePosted.class);
        listener.dispatch(update, -1, 0); // the re-run's copy: not pushed again, but it answers
        assertSame(update, reply.getNow(null));
        assertEquals(List.of("m1"), pushedMessages);
    }

    @Test
    void aRepeatOfAnAnsweredOutcomeChangesNothing() {
        Envelope<ChatJoined> action = Envelope.newAction(new ChatJoined("chat-1", "u1"), Actor.user("u1", "client"), "chat-1", Instant.now());
        CompletableFuture<Envelope<?>> reply = replies.expect(action.correlationId(), MessagesDelivered.class);
        ChatActionRejected rejected = new ChatActionRejected("send-message", ErrorCode.RULE_VIOLATION, "closed");
        Envelope<ChatActionRejected> outcome = new Envelope<>(Ids.newId(), EventTypes.nameOf(rejected), EventTypes.versionOf(rejected),
                action.occurredAt(), action.actor(), action.key(), action.correlationId(), rejected);
        listener.dispatch(outcome, -1, 0);
        listener.dispatch(outcome, -1, 0);
        listener.dispatch(posted(Ids.newId(), action.correlationId(), "m3"), -1, 0);
        assertSame(outcome, reply.getNow(null), "the first outcome answered; what came after did not change it");
        assertTrue(reply.isDone());
        assertEquals(List.of("m3"), pushedMessages);
    }

    @Test
    void anActionIsAnsweredByItsUpdateOfTheExpectedTypeNotByAnotherOneItPublishedFirst() {
        Envelope<MessagesRead> action = Envelope.newAction(new MessagesRead("chat-1", "u2"), Actor.user("u2", "provider"), "chat-1", Instant.now());
        CompletableFuture<Envelope<?>> reply = replies.expect(action.correlationId(), MessagesMarkedRead.class);
        listener.dispatch(updateOf(action, new MessagesDelivered("chat-1", "u2", List.of("m1"), 1)), -1, 0);
        assertFalse(reply.isDone(), "the deliveries a read made are not its outcome");
        Envelope<MessagesMarkedRead> read = updateOf(action, new MessagesMarkedRead("chat-1", "u2", "u1", 1));
        listener.dispatch(read, -1, 0);
        assertSame(read, reply.getNow(null));
    }

    private static <E extends Event> Envelope<E> updateOf(Envelope<?> action, E payload) {
        return new Envelope<>(Ids.newId(), EventTypes.nameOf(payload), EventTypes.versionOf(payload), action.occurredAt(),
                action.actor(), action.key(), action.correlationId(), payload);
    }

    @Test
    void aReplaySkipsTheCopyOfAnUpdateFirstSeenEarlierInItsPartitionButNotTheFirstOne() {
        Envelope<MessagePosted> update = posted(Ids.newId(), Ids.newId(), "m1");
        listener.dispatch(update, 2, 5);
        pushedMessages.clear();
        assertEquals(false, listener.replay(update, 2, 9, null), "a re-run's copy, not pushed live either");
        assertEquals(true, listener.replay(update, 2, 5, null));
        assertEquals(true, listener.replay(posted(Ids.newId(), Ids.newId(), "m2"), 2, 6, null), "never seen here: replayed");
        assertEquals(List.of("m1", "m2"), pushedMessages);
    }
}
