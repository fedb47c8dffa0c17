package dev.switchboard.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.events.Actor;
import dev.switchboard.events.Envelope;
import dev.switchboard.events.EventJson;
import dev.switchboard.events.Ids;
import dev.switchboard.events.Topic;
import dev.switchboard.events.kafka.KafkaClients;
import dev.switchboard.events.kafka.KafkaCluster;
import dev.switchboard.events.support.SupportAction.TicketJoinRequested;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The audit answers from the projector's index of the ticket's records, whatever else shares the ticket's partition. */
class TicketAuditTest {
    private static final int UNRELATED = 10_000;
    private final TestStack stack = TestStack.shared();

    @Test
    void aTicketsAuditListsEveryActionAndOutcomeInLogOrderWhileTenThousandUnrelatedEventsShareItsPartition() throws Exception {
        String owner = Ids.newId();
        String outsider = Ids.newId();
        String ticketId = Rest.send(stack, "POST", "/api/support/tickets", stack.token(owner, "client"),
                Rest.json("subject", "audit me", "message", "first")).body().getString("_id");
        List<String> others = idsOnThePartitionOf(ticketId, 25);
        try (SocketClient ownerSocket = SocketClient.connected(stack, owner, "client");
             SocketClient outsiderSocket = SocketClient.connected(stack, outsider, "provider");
             KafkaProducer<String, Envelope<?>> producer = KafkaClients.producer(stack.kafkaCluster(), "unrelated-traffic")) {
            ownerSocket.emitWithAck("join-support-ticket", Rest.json("ticketId", ticketId));
            for (int round = 0; round < 2; round++) {
                unrelated(producer, others, UNRELATED / 2);
                for (int i = 0; i < 5; i++) {
                    ownerSocket.emit("support-message", Rest.json("ticketId", ticketId, "content", "message " + round + "-" + i));
                }
                assertEquals("FORBIDDEN", outsiderSocket.emitWithAck("join-support-ticket", Rest.json("ticketId", ticketId))
                        .getJSONObject("error").getString("code"));
            }
            RecordMetadata unreadable = unreadableRecord(ticketId, owner);
            String olderVersion = olderVersionRecord(ticketId, owner);

            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                JSONArray events = audit(ticketId);
                // TicketOpened, the join, 10 messages, 2 refused joins, the unreadable record, the v1 change: each with one outcome
                assertEquals(16 * 2, events.length(), events.toString(2));
            });

            JSONArray events = audit(ticketId);
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < events.length(); i += 2) {
                JSONObject action = events.getJSONObject(i);
                JSONObject outcome = events.getJSONObject(i + 1);
                assertEquals("action", action.getString("kind"), "event " + i);
                assertEquals("outcome", outcome.getString("kind"), "event " + (i + 1));
                assertEquals(action.get("correlationId"), outcome.get("correlationId"), "an action's outcome follows it");
                String result = action.getString("result");
                switch (action.optString("type")) {
                    case "SupportMessageSubmitted" -> {
                        assertEquals("applied", result);
                        sent.add(action.getJSONObject("payload").getString("content"));
                    }
                    case "TicketJoinRequested" -> assertEquals(action.getJSONObject("actor").getString("userId").equals(outsider) ? "refused" : "applied",
                            result, action.toString());
                    case "TicketArchived" -> {
                        assertEquals("set-aside", result);
                        assertEquals(Set.of("ticketId", "userId", "role"), fieldNames(action.getJSONObject("payload")), "as the log holds it: " + action);
                        assertEquals("ActionSetAside", outcome.getString("type"));
                        assertEquals(unreadable.offset(), outcome.getJSONObject("payload").getLong("offset"));
                    }
                    case "TicketChangeRequested" -> {
                        assertEquals("refused", result, "a client asked");
                        assertEquals(1, action.getInt("version"), "the version the log holds, not the one it is read as");
                        JsonNode held = EventJson.MAPPER.readTree(olderVersion);
                        JsonNode shown = EventJson.MAPPER.readTree(action.toString());
                        assertEquals(held.get("payload"), shown.get("payload"));
                        assertEquals(held.get("actor"), shown.get("actor"));
                    }
                    default -> assertEquals("TicketOpened", action.getString("type"), action.toString());
                }
                if (result.equals("refused")) {
                    assertEquals("SupportActionRejected", outcome.getString("type"));
                }
            }
            assertEquals(List.of("message 0-0", "message 0-1", "message 0-2", "message 0-3", "message 0-4",
                    "message 1-0", "message 1-1", "message 1-2", "message 1-3", "message 1-4"), sent, "the log's order");
            assertEquals("TicketOpened", events.getJSONObject(0).getString("type"));
            assertEquals("TicketChangeRequested", events.getJSONObject(events.length() - 2).getString("type"), "last in the log, last in the audit");
        }
    }

    @Test
    void aTicketTheIndexDoesNotKnowIsNotFound() {
        Rest.Response response = Rest.get(stack, "/api/support/tickets/" + Ids.newId() + "/audit", stack.token(Ids.newId(), "admin"));
        assertEquals(404, response.status());
        assertNull(response.body().optJSONObject("events"));
    }

    private JSONArray audit(String ticketId) throws Exception {
        Rest.Response response = Rest.get(stack, "/api/support/tickets/" + ticketId + "/audit", stack.token(Ids.newId(), "admin"));
        assertEquals(200, response.status(), response.text());
        return response.body().getJSONArray("events");
    }

    /** Join requests for tickets that do not exist, keyed to the same partition: each refused, each in the index under its own key. */
    private static void unrelated(KafkaProducer<String, Envelope<?>> producer, List<String> tickets, int count) throws Exception {
        List<Future<RecordMetadata>> sent = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String ticket = tickets.get(i % tickets.size());
            String user = Ids.newId();
            sent.add(producer.send(new ProducerRecord<>(Topic.SUPPORT_ACTIONS.topicName(), ticket,
                    Envelope.newAction(new TicketJoinRequested(ticket, user, "client"), Actor.user(user, "client"), ticket, Instant.now()))));
        }
        for (Future<RecordMetadata> future : sent) {
            future.get(30, TimeUnit.SECONDS);
        }
    }

    /** A record of a type the projector does not know, about the ticket: set aside, and still in its audit. */
    private RecordMetadata unreadableRecord(String ticketId, String owner) throws Exception {
        Envelope<TicketJoinRequested> valid = Envelope.newAction(new TicketJoinRequested(ticketId, owner, "client"), Actor.user(owner, "client"),
                ticketId, Instant.now());
        byte[] json = new String(EventJson.write(valid), StandardCharsets.UTF_8).replace("\"TicketJoinRequested\"", "\"TicketArchived\"")
                .getBytes(StandardCharsets.UTF_8);
        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(Map.of("bootstrap.servers", stack.kafkaBootstrapServers(), "acks", "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            return raw.send(new ProducerRecord<>(Topic.SUPPORT_ACTIONS.topicName(), ticketId, json)).get(10, TimeUnit.SECONDS);
        }
    }

    /**
     * A change request as a gateway of an earlier build recorded it (version 1, the requester named {@code adminId}),
     * by the ticket's owner; returns the record's JSON.
     */
    private String olderVersionRecord(String ticketId, String owner) throws Exception {
        String id = Ids.newId();
        String json = "{\"id\":\"" + id + "\",\"type\":\"TicketChangeRequested\",\"version\":1,\"occurredAt\":\"" + Instant.now()
                + "\",\"actor\":{\"userId\":\"" + owner + "\",\"role\":\"client\"},\"key\":\"" + ticketId + "\",\"correlationId\":\"" + id
                + "\",\"payload\":{\"ticketId\":\"" + ticketId + "\",\"adminId\":\"" + owner + "\",\"role\":\"client\",\"status\":\"closed\","
                + "\"assignee\":null}}";
        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(Map.of("bootstrap.servers", stack.kafkaBootstrapServers(), "acks", "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            raw.send(new ProducerRecord<>(Topic.SUPPORT_ACTIONS.topicName(), ticketId, json.getBytes(StandardCharsets.UTF_8))).get(10, TimeUnit.SECONDS);
        }
        return json;
    }

    private static Set<String> fieldNames(JSONObject json) {
        Set<String> names = new HashSet<>();
        json.keys().forEachRemaining(key -> names.add((String) key));
        return names;
    }

    /** {@code count} new ids that Kafka's default partitioner puts on the partition of {@code ticketId}. */
    static List<String> idsOnThePartitionOf(String ticketId, int count) {
        int partition = partitionOf(ticketId);
        List<String> ids = new ArrayList<>();
        while (ids.size() < count) {
            String id = Ids.newId();
            if (partitionOf(id) == partition) {
                ids.add(id);
            }
        }
        return ids;
    }

    private static int partitionOf(String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % KafkaCluster.TopicLayout.SINGLE_BROKER.partitions();
    }
}
