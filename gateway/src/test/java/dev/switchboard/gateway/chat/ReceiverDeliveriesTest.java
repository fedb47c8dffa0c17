package dev.switchboard.gateway.chat;

import dev.switchboard.events.Envelope;
import dev.switchboard.events.Event;
import dev.switchboard.events.chat.ChatAction.ChatJoined;
import dev.switchboard.events.chat.Message;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** When a push of an undelivered message to its receiver records a join on their behalf, and when it does not. */
class ReceiverDeliveriesTest {
    private static final Instant T0 = Instant.parse("2026-12-04T12:00:00Z");

    private final List<Envelope<? extends Event>> recorded = new ArrayList<>();
    private final List<CompletableFuture<Object>> pending = new ArrayList<>();
    private final ReceiverDeliveries deliveries = new ReceiverDeliveries(envelope -> {
        recorded.add(envelope);
        CompletableFuture<Object> stored = new CompletableFuture<>();
        pending.add(stored);
        return stored;
    });

    @Test
    void anUndeliveredMessageThatReachedItsReceiverRecordsTheirJoinOnTheirBehalf() {
        deliveries.pushedToReceiver(message("chat-1", 1, false));

        assertEquals(1, recorded.size());
        assertEquals(new ChatJoined("chat-1", "provider-1"), recorded.get(0).payload());
        assertEquals("provider-1", recorded.get(0).actor().userId());
        assertEquals("provider", recorded.get(0).actor().role());
    }

    @Test
    void aMessageRecordedDeliveredRecordsNothing() {
        deliveries.pushedToReceiver(message("chat-1", 1, true));

        assertEquals(0, recorded.size());
    }

    @Test
    void pushesWhileARecordIsOnItsWayAskForOneMoreAfterIt() {
        deliveries.pushedToReceiver(message("chat-1", 1, false));
        deliveries.pushedToReceiver(message("chat-1", 2, false));
        deliveries.pushedToReceiver(message("chat-1", 3, false));
        assertEquals(1, recorded.size(), "one on its way at a time");

        pending.get(0).complete(null);
        assertEquals(2, recorded.size(), "the messages pushed meanwhile may have been posted after the first record");
        pending.get(1).complete(null);
        assertEquals(2, recorded.size());
    }

    @Test
    void aReplayOfMessagesPostedBeforeARecordThatIsInTheLogRecordsNothing() {
        deliveries.pushedToReceiver(message("chat-1", 5, false));
        pending.get(0).complete(null);

        for (int i = 1; i <= 5; i++) {
            deliveries.pushedToReceiver(message("chat-1", i, false)); // replayed as posted: undelivered
        }
        assertEquals(1, recorded.size());
        deliveries.pushedToReceiver(message("chat-1", 6, false));
        assertEquals(2, recorded.size(), "a message posted after it");
    }

    @Test
    void aRecordThatFailedCoversNothingSoTheNextPushRecordsAgain() {
        deliveries.pushedToReceiver(message("chat-1", 1, false));
        pending.get(0).completeExceptionally(new IllegalStateException("the log is away"));

        deliveries.pushedToReceiver(message("chat-1", 1, false));
        assertEquals(2, recorded.size());
    }

    @Test
    void eachChatAndReceiverHasItsOwnRecords() {
        deliveries.pushedToReceiver(message("chat-1", 1, false));
        deliveries.pushedToReceiver(message("chat-2", 1, false));

        assertEquals(2, recorded.size());
    }

    private static Message message(String chat, int second, boolean delivered) {
        return new Message("m-" + chat + "-" + second, chat, new Message.Sender("client-1", "Client", "", "client"), "provider-1", "hi",
                "text", List.of(), null, delivered, delivered ? T0.plusSeconds(second) : null, false, null, T0.plusSeconds(second));
    }
}
