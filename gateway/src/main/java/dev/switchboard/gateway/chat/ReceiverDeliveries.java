package dev.switchboard.gateway.chat;

import dev.switchboard.events.Actor;
import dev.switchboard.events.Envelope;
import dev.switchboard.events.Event;
import dev.switchboard.events.chat.ChatAction.ChatJoined;
import dev.switchboard.events.chat.Message;
import dev.switchboard.gateway.kafka.ActionRecorder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A message recorded undelivered that this gateway then pushed to one of its receiver's connections was delivered after
 * all: its receiver connected between the send and the push, or a recovered session got it in its replay. That is
 * recorded as the receiver's {@code join-chat} would record it (their undelivered incoming messages of the chat become
 * delivered, and {@code messages-delivered} tells the chat room), on the receiver's behalf.
 *
 * <p>Per chat and receiver, one such record is on its way to the log at a time. A push meanwhile asks for one more after
 * it (the message may have been posted after it), and a message posted before one that a record already followed into
 * the log asks for nothing: replays carry messages as they were posted, undelivered, however long ago.
 */
@Component
public class ReceiverDeliveries {
    private static final int KEPT = 100_000;

    private final Function<Envelope<? extends Event>, CompletionStage<?>> recorder;
    private final Map<Key, Covering> chats = new ConcurrentHashMap<>();

    private record Key(String chat, String receiver) {
    }

    /** Per chat and receiver: what the records in the log cover, and the one on its way. */
    private static final class Covering {
        /** The newest message a record followed into the log: every message posted up to it is covered. */
        Instant upTo = Instant.MIN;
        /** The newest message the record on its way follows (null: none on its way). */
        Instant recording;
        /** The newest message pushed while one was on its way (null: none). */
        Instant next;
    }

    @Autowired
    public ReceiverDeliveries(ActionRecorder recorder) {
        this(envelope -> recorder.recordBookkeeping(envelope));
    }

    ReceiverDeliveries(Function<Envelope<? extends Event>, CompletionStage<?>> recorder) {
        this.recorder = recorder;
    }

    void pushedToReceiver(Message message) {
        if (message.delivered()) {
            return;
        }
        if (chats.size() > KEPT) {
            chats.clear();
        }
        Key key = new Key(message.chat(), message.receiver());
        Covering covering = chats.computeIfAbsent(key, k -> new Covering());
        synchronized (covering) {
            if (!message.createdAt().isAfter(covering.upTo)) {
                return;
            }
            if (covering.recording != null) {
                covering.next = covering.next == null || message.createdAt().isAfter(covering.next) ? message.createdAt() : covering.next;
                return;
            }
            covering.recording = message.createdAt();
        }
        record(key, covering, message);
    }

    private void record(Key key, Covering covering, Message message) {
        Actor receiver = Actor.user(key.receiver(), receiverRole(message));
        try {
            recorder.apply(Envelope.newAction(new ChatJoined(key.chat(), key.receiver()), receiver, key.chat(), Instant.now()))
                    .whenComplete((recorded, failure) -> recorded(key, covering, message, failure == null));
        } catch (RuntimeException e) {
            recorded(key, covering, message, false);
            throw e;
        }
    }

    private void recorded(Key key, Covering covering, Message message, boolean kept) {
        boolean again;
        synchronized (covering) {
            if (kept && covering.recording.isAfter(covering.upTo)) {
                covering.upTo = covering.recording;
            }
            covering.recording = covering.next;
            covering.next = null;
            again = covering.recording != null;
        }
        if (again) {
            record(key, covering, message);
        }
    }

    /** A chat is between one client and one provider, so the receiver has the role the sender has not. */
    private static String receiverRole(Message message) {
        return "client".equals(message.sender().role()) ? "provider" : "client";
    }
}
