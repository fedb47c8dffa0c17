package dev.switchboard.standalone;

import dev.switchboard.events.Actor;
import dev.switchboard.events.Envelope;
import dev.switchboard.events.EventTypes;
import dev.switchboard.events.Ids;
import dev.switchboard.events.Topic;
import dev.switchboard.events.chat.ChatUpdate.MessagePosted;
import dev.switchboard.events.chat.Message;
import dev.switchboard.events.kafka.KafkaClients;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A projector that re-runs a batch after a crash publishes the same updates again, with the same envelope ids; the
 * gateway pushes each update id once.
 */
class RepublishedUpdateTest {
    private final TestStack stack = TestStack.shared();

    @Test
    void anUpdatePublishedTwiceWithTheSameIdIsPushedOnce() throws Exception {
        String client = Ids.newId();
        String provider = Ids.newId();
        try (SocketClient sender = SocketClient.connected(stack, client, "client");
             SocketClient receiver = SocketClient.connected(stack, provider, "provider");
             KafkaProducer<String, Envelope<?>> projector = KafkaClients.producer(stack.kafkaCluster(), "re-running-projector")) {
            String chatId = Rest.openChat(stack, client, "client", provider);
            assertTrue(receiver.emitWithAck("join-chat", chatId).getBoolean("ok"));
            // a real message first: the receiver is in the chat room and its own room, and gets each push once
            JSONObject sent = sender.emitWithAck("send-message", Rest.json("chatId", chatId, "content", "a real one", "messageType", "text"));
            assertTrue(sent.getBoolean("ok"), sent.toString());
            assertEquals(sent.getJSONObject("message").getString("_id"), receiver.nextObject("new-message").getString("_id"));
            receiver.nextObject("message-notification");

            Envelope<MessagePosted> republished = posted(Ids.newId(), chatId, client, provider, "published twice");
            Envelope<MessagePosted> other = posted(Ids.newId(), chatId, client, provider, "published once");
            // one key, one partition: the gateway reads them in this order
            for (Envelope<MessagePosted> update : List.of(republished, republished, other)) {
                projector.send(new ProducerRecord<>(Topic.CHAT_UPDATES.topicName(), chatId, update)).get();
            }

            JSONObject first = receiver.nextObject("new-message");
            assertEquals(republished.payload().message().id(), first.getString("_id"));
            assertEquals("published twice", first.getString("content"));
            JSONObject next = receiver.nextObject("new-message");
            assertEquals(other.payload().message().id(), next.getString("_id"), "the repeat was not pushed; the other update was");
            assertEquals("published once", next.getString("content"));
            assertNull(receiver.poll("new-message", 1000), "nothing else");

            assertEquals(republished.payload().message().id(), receiver.nextObject("message-notification").getJSONObject("message").getString("_id"));
            assertEquals(other.payload().message().id(), receiver.nextObject("message-notification").getJSONObject("message").getString("_id"));
            assertNull(receiver.poll("message-notification", 300), "one notification per update as well");
        }
    }

    /** A MessagePosted update as the projector publishes it, under the given envelope id. */
    private static Envelope<MessagePosted> posted(String updateId, String chatId, String client, String provider, String content) {
        Instant now = Instant.now();
        Message message = new Message(Ids.newId(), chatId, new Message.Sender(client, "User " + client, null, "client"), provider,
                content, "text", List.of(), null, true, now, false, null, now);
        MessagePosted payload = new MessagePosted(message);
        return new Envelope<>(updateId, EventTypes.nameOf(payload), EventTypes.versionOf(payload), now, Actor.user(client, "client"),
                chatId, Ids.newId(), payload);
    }
}
