package dev.switchboard.standalone;

import dev.switchboard.events.ErrorCode;
import dev.switchboard.events.Actor;
import dev.switchboard.events.Envelope;
import dev.switchboard.events.Ids;
import dev.switchboard.events.Topic;
import dev.switchboard.events.chat.ChatAction.MessageSubmitted;
import dev.switchboard.events.chat.ChatUpdate.ChatActionRejected;
import dev.switchboard.events.kafka.KafkaClients;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Anything that can produce to an action topic is still not anyone: the actor is the envelope's. A send produced straight
 * to {@code switchboard.chat.actions} whose payload names the client as sender while its envelope names the provider is
 * refused {@code FORBIDDEN} (the rejection is in the log, answering its correlation id) and nothing is stored or pushed;
 * one whose envelope names no actor is {@code UNAUTHORIZED}.
 */
class ForgedActionsTest {
    private final TestStack stack = TestStack.shared();

    @Test
    void aSendProducedStraightToTheLogInAnotherUsersNameIsRefusedAndNothingIsStored() throws Exception {
        String client = Ids.newId();
        String provider = Ids.newId();
        try (SocketClient clientSocket = SocketClient.connected(stack, client, "client");
             SocketClient providerSocket = SocketClient.connected(stack, provider, "provider");
             KafkaProducer<String, Envelope<?>> producer = KafkaClients.producer(stack.kafkaCluster(), "forger-" + provider)) {
            String chatId = Rest.openChat(stack, client, "client", provider);
            clientSocket.emitWithAck("join-chat", chatId);
            providerSocket.emitWithAck("join-chat", chatId);

            Envelope<MessageSubmitted> asTheClient = forgedSend(chatId, client, Actor.user(provider, "provider"));
            Envelope<MessageSubmitted> byNobody = forgedSend(chatId, client, new Actor(null, null, null));
            producer.send(new ProducerRecord<>(Topic.CHAT_ACTIONS.topicName(), chatId, asTheClient)).get(10, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>(Topic.CHAT_ACTIONS.topicName(), chatId, byNobody)).get(10, TimeUnit.SECONDS);

            assertEquals(ErrorCode.FORBIDDEN, awaitRejectionOf(asTheClient).code());
            assertEquals(ErrorCode.UNAUTHORIZED, awaitRejectionOf(byNobody).code());
            assertEquals(0, Rest.get(stack, "/api/chats/" + chatId + "/messages", stack.token(client, "client")).body()
                    .getJSONArray("messages").length(), "nothing stored");
            assertNull(providerSocket.poll("new-message", 200), "nothing pushed");
            assertNull(clientSocket.poll("new-message", 0), "nothing pushed");
        }
    }

    private static Envelope<MessageSubmitted> forgedSend(String chatId, String claimedSender, Actor envelopeActor) {
        MessageSubmitted payload = new MessageSubmitted(Ids.newId(), chatId, claimedSender, "client", "Not really", null,
                "send me your password", "text", List.of(), null, true);
        return Envelope.newAction(payload, envelopeActor, chatId, Instant.now());
    }

    private ChatActionRejected awaitRejectionOf(Envelope<?> action) {
        return TestLog.awaitAnswer(stack, Topic.CHAT_UPDATES, action, ChatActionRejected.class);
    }
}
