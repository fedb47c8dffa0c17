package dev.switchboard.standalone;

import dev.switchboard.events.Actor;
import dev.switchboard.events.Envelope;
import dev.switchboard.events.Ids;
import dev.switchboard.events.Topic;
import dev.switchboard.events.chat.ChatAction.ChatRequested;
import dev.switchboard.events.chat.ChatIds;
import dev.switchboard.events.kafka.KafkaClients;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** A chat's id is keyed: an outsider who knows two users' ids cannot compute it, so cannot ask whether they have a chat. */
class ChatIdsTest {
    private final TestStack stack = TestStack.shared();

    @Test
    void anOutsiderWhoKnowsBothUserIdsCannotTellWhetherTheyHaveAChat() throws Exception {
        String client = Ids.newId();
        String provider = Ids.newId();
        String outsider = stack.token(Ids.newId(), "provider");
        try (SocketClient c = SocketClient.connected(stack, client, "client"); SocketClient p = SocketClient.connected(stack, provider, "provider")) {
            String chatId = Rest.openChat(stack, client, "client", provider);

            assertNotEquals(ChatIds.unkeyed(client, provider), chatId);
            assertEquals(404, Rest.get(stack, "/api/chats/" + ChatIds.unkeyed(client, provider) + "/messages", outsider).status(),
                    "the id anyone could compute names no chat");
            assertEquals(chatId, Rest.openChat(stack, provider, "provider", client), "either side opens the same chat");
        }
    }

    @Test
    void aChatOpenedBeforeIdsWereKeyedIsTheOneItsPairStillOpens() throws Exception {
        String client = Ids.newId();
        String provider = Ids.newId();
        String before = ChatIds.unkeyed(client, provider);
        try (SocketClient c = SocketClient.connected(stack, client, "client"); SocketClient p = SocketClient.connected(stack, provider, "provider");
             KafkaProducer<String, Envelope<?>> log = KafkaClients.producer(stack.kafkaCluster(), "earlier-gateway")) {
            log.send(new ProducerRecord<>(Topic.CHAT_ACTIONS.topicName(), before, Envelope.newAction(
                    new ChatRequested(before, client, "client", provider, "provider"), Actor.user(client, "client"), before, Instant.now()))).get();
            await().atMost(Duration.ofSeconds(10)).until(() -> Rest.get(stack, "/api/chats/" + before + "/messages", stack.token(client, "client")).status() == 200);

            Rest.Response opened = Rest.send(stack, "POST", "/api/chats", stack.token(provider, "provider"), Rest.json("participantId", client));

            assertEquals(200, opened.status(), opened.text());
            assertEquals(before, opened.body().getString("_id"));
        }
    }
}
