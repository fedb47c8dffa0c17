package dev.switchboard.gateway.chat;

import dev.switchboard.events.Actor;
import dev.switchboard.events.Envelope;
import dev.switchboard.events.chat.ChatAction.ChatJoined;
import dev.switchboard.events.chat.Message;
import dev.switchboard.gateway.kafka.ActionRecorder;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A message recorded undelivered that this gateway then pushed to one of its receiver's connections was delivered after
 * all: its receiver connected between the send and the push, or a recovered session got it in its replay. That is
 * recorded as the receiver's {@code join-chat} would record it (their undelivered incoming messages of the chat become
 * delivered, and {@code messages-delivered} tells the chat room), on the receiver's behalf. While one such record for a
 * chat and receiver is on its way to the log, further ones are not made: that one covers every message posted before it.
 */
@Component
public class ReceiverDeliveries {
    private final ActionRecorder recorder;
    private final Set<String> recording = ConcurrentHashMap.newKeySet();

    public ReceiverDeliveries(ActionRecorder recorder) {
        this.recorder = recorder;
    }

    void pushedToReceiver(Message message) {
        String key = message.chat() + "/" + message.receiver();
        if (message.delivered() || !recording.add(key)) {
            return;
        }
        Actor receiver = Actor.user(message.receiver(), receiverRole(message));
        try {
            recorder.record(Envelope.newAction(new ChatJoined(message.chat(), message.receiver()), receiver, message.chat(), Instant.now()))
                    .whenComplete((recorded, failure) -> recording.remove(key));
        } catch (RuntimeException e) {
            recording.remove(key);
            throw e;
        }
    }

    /** A chat is between one client and one provider, so the receiver has the role the sender has not. */
    private static String receiverRole(Message message) {
        return "client".equals(message.sender().role()) ? "provider" : "client";
    }
}
