package dev.switchboard.standalone;

import dev.switchboard.events.Actor;
import dev.switchboard.events.Envelope;
import dev.switchboard.events.Ids;
import dev.switchboard.events.Topic;
import dev.switchboard.events.kafka.KafkaClients;
import dev.switchboard.events.notification.NotificationAction.NotificationRequested;
import dev.switchboard.events.notification.NotificationAction.NotificationsJoined;
import dev.switchboard.events.notification.NotificationPublisher;
import dev.switchboard.events.presence.PresenceAction.ConnectionOpened;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NotificationTest {
    private static final TestStack stack = TestStack.shared();
    private static NotificationPublisher publisher;

    @BeforeAll
    static void publisher() {
        publisher = new NotificationPublisher(stack.kafkaBootstrapServers(), "test-service");
    }

    @AfterAll
    static void closePublisher() {
        publisher.close();
    }

    private Rest.Response post(String token, JSONObject body, String idempotencyKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.httpUrl() + "/api/notifications"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return Rest.send(request.build());
    }

    private String service() {
        return stack.token("billing-service", "service");
    }

    private static JSONObject note(String user, String title) throws Exception {
        return new JSONObject(new HashMap<>(Map.of("userId", user, "type", "payment", "title", title,
                "message", "details of " + title, "data", Map.of("amount", 20))));
    }

    private SocketClient joined(String user) throws Exception {
        SocketClient client = SocketClient.connected(stack, user, "client");
        assertTrue(client.emitWithAck("join-notifications", user).getBoolean("ok"));
        return client;
    }

    @Test
    void aNotificationCreatedThroughRestIsPushedLiveInTheContractShape() throws Exception {
        String user = Ids.newId();
        try (SocketClient client = joined(user)) {
            Rest.Response created = post(service(), note(user, "Paid"), null);
            assertEquals(201, created.status(), created.body().toString());

            JSONObject pushed = client.nextObject("new-notification");
            assertEquals(created.body().getString("_id"), pushed.getString("_id"));
            assertEquals(user, pushed.getString("user"));
            assertEquals("payment", pushed.getString("type"));
            assertEquals("Paid", pushed.getString("title"));
            assertEquals("details of Paid", pushed.getString("message"));
            assertEquals(20, pushed.getJSONObject("data").getInt("amount"));
            assertFalse(pushed.getBoolean("isRead"));
            assertTrue(pushed.has("delivered"));
            assertTrue(pushed.getString("createdAt").matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z"));
        }
    }

    @Test
    void aNotificationPublishedThroughTheJavaLibraryReachesAConnectedUser() throws Exception {
        String user = Ids.newId();
        try (SocketClient client = joined(user)) {
            String id = publisher.publish(user, "chat", "New message", "Hi", Map.of("chatId", "c1"), null).join();
            assertEquals(id, client.nextObject("new-notification").getString("_id"));
        }
    }

    @Test
    void theSameIdempotencyKeyTwiceCreatesOneNotification() throws Exception {
        String user = Ids.newId();
        publisher.publish(user, "payment", "Once", "m", Map.of(), "payment-42").join();
        publisher.publish(user, "payment", "Once", "m", Map.of(), "payment-42").join();
        Rest.Response viaRest = post(service(), note(user, "Once").put("idempotencyKey", "payment-42"), null);
        assertEquals(200, viaRest.status(), "a used key answers the original: " + viaRest.body());

        JSONArray mine = Rest.get(stack, "/api/notifications", stack.token(user, "client")).body().getJSONArray("notifications");
        assertEquals(1, mine.length());
        assertEquals(viaRest.body().getString("_id"), mine.getJSONObject(0).getString("_id"));
    }

    @Test
    void notificationsCreatedWhileOfflineArePushedOldestFirstOnJoinAndMarkedDelivered() throws Exception {
        String user = Ids.newId();
        String first = post(service(), note(user, "first"), null).body().getString("_id");
        String second = post(service(), note(user, "second"), null).body().getString("_id");
        assertFalse(Rest.get(stack, "/api/notifications", stack.token(user, "client")).body()
                .getJSONArray("notifications").getJSONObject(0).getBoolean("delivered"));

        try (SocketClient client = joined(user)) {
            JSONObject a = client.nextObject("new-notification");
            JSONObject b = client.nextObject("new-notification");
            assertEquals(first, a.getString("_id"));
            assertEquals(second, b.getString("_id"));
            assertTrue(a.getBoolean("delivered"));
        }
        JSONArray stored = Rest.get(stack, "/api/notifications", stack.token(user, "client")).body().getJSONArray("notifications");
        assertTrue(stored.getJSONObject(0).getBoolean("delivered"));
        assertTrue(stored.getJSONObject(1).getBoolean("delivered"));

        try (SocketClient again = joined(user)) {
            assertNull(again.poll("new-notification", 700), "delivered notifications are not released twice");
        }
    }

    @Test
    void aLongOfflineBacklogIsReleasedWholeAndInOrderAcrossSeveralUpdates() throws Exception {
        String user = Ids.newId();
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 45; i++) {
            created.add(publisher.publish(user, "digest", "item " + i, "backlog", Map.of("i", i), null).join());
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> Rest.get(stack, "/api/notifications?limit=100",
                stack.token(user, "client")).body().getJSONArray("notifications").length() == 45);
        try (SocketClient client = SocketClient.connected(stack, user, "client")) {
            JSONObject ack = client.emitWithAck("join-notifications", user);
            assertEquals(45, ack.getInt("released"), ack.toString());
            for (String id : created) {
                assertEquals(id, client.nextObject("new-notification").getString("_id"));
            }
        }
    }

    @Test
    void aNotificationReadBeforeAnyJoinIsDeliveredByTheReadAndNotPushedAsNewLater() throws Exception {
        String user = Ids.newId();
        String read = publisher.publish(user, "digest", "read on the laptop", "before any join", Map.of(), null).join();
        String unread = publisher.publish(user, "digest", "still unread", "before any join", Map.of(), null).join();
        await().atMost(Duration.ofSeconds(20)).until(() -> Rest.get(stack, "/api/notifications",
                stack.token(user, "client")).body().getJSONArray("notifications").length() == 2);
        try (SocketClient laptop = SocketClient.connected(stack, user, "client")) {
            assertTrue(laptop.emitWithAck("mark-notification-read", Rest.json("notificationId", read)).getBoolean("ok"));
        }
        try (SocketClient phone = SocketClient.connected(stack, user, "client")) {
            JSONObject ack = phone.emitWithAck("join-notifications", user);
            assertEquals(1, ack.getInt("released"), ack.toString());
            assertEquals(unread, phone.nextObject("new-notification").getString("_id"));
            assertNull(phone.poll("new-notification", 500), "the one read is not new");
        }
        JSONArray listed = Rest.get(stack, "/api/notifications", stack.token(user, "client")).body().getJSONArray("notifications");
        for (int i = 0; i < listed.length(); i++) {
            assertTrue(listed.getJSONObject(i).getBoolean("delivered"), listed.toString());
        }
    }

    @Test
    void aNotificationCreatedJustBeforeTheJoinIsDecidedArrivesOnce() throws Exception {
        String user = Ids.newId();
        try (SocketClient client = joined(user);
             KafkaProducer<String, Envelope<?>> log = KafkaClients.producer(stack.kafkaCluster(), "race-maker")) {
            String connectionId = TestLog.records(stack, Topic.PRESENCE_ACTIONS).stream()
                    .filter(e -> e.payload() instanceof ConnectionOpened opened && opened.userId().equals(user))
                    .map(e -> ((ConnectionOpened) e.payload()).connectionId()).findFirst().orElseThrow();
            // the race, made certain: a notification recorded just before a join-notifications of a connection already
            // in the room is released to it by the join and pushed to it live as well
            NotificationRequested requested = new NotificationRequested(Ids.newId(), user, "race", "just before", "m", Map.of(), null);
            log.send(new ProducerRecord<>(Topic.NOTIFICATION_ACTIONS.topicName(), user,
                    Envelope.newAction(requested, Actor.service("race-maker"), user, Instant.now())));
            log.send(new ProducerRecord<>(Topic.NOTIFICATION_ACTIONS.topicName(), user,
                    Envelope.newAction(new NotificationsJoined(user, connectionId), Actor.user(user, "client"), user, Instant.now())));
            log.flush();

            assertEquals(requested.notificationId(), client.nextObject("new-notification").getString("_id"));
            assertNull(client.poll("new-notification", 1500), "pushed once, not again with the backlog");
        }
    }

    @Test
    void readStateReachesEveryDeviceAndUnreadCountsFollow() throws Exception {
        String user = Ids.newId();
        try (SocketClient phone = joined(user); SocketClient laptop = joined(user)) {
            String one = post(service(), note(user, "one"), null).body().getString("_id");
            post(service(), note(user, "two"), null);
            post(service(), note(user, "three"), null);
            for (int i = 0; i < 3; i++) {
                phone.nextObject("new-notification");
            }
            assertEquals(3, phone.emitWithAck("get-unread-count", user).getInt("count"));
            assertEquals(3, phone.nextObject("unread-count").getInt("count"));

            assertTrue(phone.emitWithAck("mark-notification-read", new JSONObject(Map.of("notificationId", one))).getBoolean("ok"));
            assertEquals(one, laptop.nextObject("notification-read").getString("notificationId"));
            assertEquals(one, phone.nextObject("notification-read").getString("notificationId"));
            assertEquals(2, laptop.emitWithAck("get-unread-count", user).getInt("count"));

            JSONObject all = laptop.emitWithAck("mark-all-notifications-read", user);
            assertEquals(2, all.getInt("count"));
            JSONObject pushed = phone.nextObject("all-notifications-read");
            assertEquals(user, pushed.getString("userId"));
            assertEquals(2, pushed.getInt("count"));
            assertEquals(0, phone.emitWithAck("get-unread-count", user).getInt("count"));
            assertEquals(0, Rest.get(stack, "/api/notifications?unread=true", stack.token(user, "client")).body()
                    .getJSONArray("notifications").length());
        }
    }

    @Test
    void aServiceNamedByItsTokenUsesItsOwnNameAsItsUserId() throws Exception {
        String name = "billing-" + Ids.newId().substring(16);
        try (SocketClient service = SocketClient.connected(stack, name, "service");
             SocketClient client = SocketClient.connected(stack, Ids.newId(), "client")) {
            assertEquals(name, service.emitWithAck("user-join", name).getString("userId"));
            assertEquals(0, service.emitWithAck("join-notifications", name).getInt("released"));
            assertEquals(0, service.emitWithAck("get-unread-count", name).getLong("count"));
            assertEquals(0, service.emitWithAck("mark-all-notifications-read", name).getInt("count"));
            assertFalse(service.emitWithAck("set-online-status", new JSONObject(Map.of("userId", name, "isOnline", false))).getBoolean("isOnline"));

            assertEquals("BAD_REQUEST", client.emitWithAck("join-notifications", name).getJSONObject("error").getString("code"),
                    "a name is nobody else's user id");
            assertEquals("BAD_REQUEST", service.emitWithAck("user-join", name.toUpperCase()).getJSONObject("error").getString("code"));
        }
    }

    @Test
    void anotherUsersIdOrNotificationIsRefusedEverywhere() throws Exception {
        String owner = Ids.newId();
        String theirs = post(service(), note(owner, "private"), null).body().getString("_id");
        try (SocketClient intruder = SocketClient.connected(stack, Ids.newId(), "client")) {
            assertEquals("FORBIDDEN", intruder.emitWithAck("join-notifications", owner).getJSONObject("error").getString("code"));
            assertEquals("FORBIDDEN", intruder.emitWithAck("mark-all-notifications-read", owner).getJSONObject("error").getString("code"));
            assertEquals("FORBIDDEN", intruder.emitWithAck("get-unread-count", owner).getJSONObject("error").getString("code"));
            assertEquals("FORBIDDEN", intruder.emitWithAck("mark-notification-read", new JSONObject(Map.of("notificationId", theirs)))
                    .getJSONObject("error").getString("code"));
            assertEquals("NOT_FOUND", intruder.emitWithAck("mark-notification-read", new JSONObject(Map.of("notificationId", Ids.newId())))
                    .getJSONObject("error").getString("code"));
        }
        assertFalse(Rest.get(stack, "/api/notifications", stack.token(owner, "client")).body()
                .getJSONArray("notifications").getJSONObject(0).getBoolean("isRead"));
    }

    @Test
    void onlyServicesCreateNotificationsAndBadRequestsAreRefused() throws Exception {
        String user = Ids.newId();
        assertEquals(403, post(stack.token(user, "client"), note(user, "x"), null).status());
        assertEquals(401, post("bad", note(user, "x"), null).status());
        Rest.Response noTitle = post(service(), new JSONObject(Map.of("userId", user, "type", "t", "message", "m")), null);
        assertEquals(400, noTitle.status());
        assertEquals("BAD_REQUEST", noTitle.body().getJSONObject("error").getString("code"));
        assertEquals(400, post(service(), note(user, "x").put("data", "not-an-object"), null).status());
        Rest.Response hugeNumber = post(service(), note(user, "x").put("data", new JSONObject().put("n", new BigInteger("123456789012345678901234567890"))), null);
        assertEquals(400, hugeNumber.status(), "a number no document can hold is refused before it reaches the log");
        assertTrue(hugeNumber.body().getJSONObject("error").getString("message").contains("data values"));
        Rest.Response javaScriptDouble = post(service(), note(user, "x").put("data", new JSONObject().put("amount", new BigInteger("100000000000000000000"))), null);
        assertEquals(201, javaScriptDouble.status(), "JSON.stringify(1e20) is plain digits: " + javaScriptDouble.text());
        assertEquals(1e20, javaScriptDouble.body().getJSONObject("data").getDouble("amount"));
        assertEquals(400, Rest.get(stack, "/api/notifications?limit=1000", stack.token(user, "client")).status());
        assertEquals(400, Rest.get(stack, "/api/notifications?before=nope", stack.token(user, "client")).status());
        assertEquals(400, Rest.get(stack, "/api/notifications?before=" + Ids.newId().toUpperCase(), stack.token(user, "client")).status(),
                "ids are lower case, in a cursor too");
        assertEquals(200, Rest.get(stack, "/api/notifications?unread=true&before=&limit=5", stack.token(user, "client")).status(), "an empty before is the first page");
        assertEquals(1, Rest.get(stack, "/api/notifications", stack.token(user, "client")).body().getJSONArray("notifications").length());
    }

    @Test
    void historyPagesNewestFirstWithACursor() throws Exception {
        String user = Ids.newId();
        for (int i = 0; i < 5; i++) {
            post(service(), note(user, "n" + i), null);
        }
        JSONObject page1 = Rest.get(stack, "/api/notifications?limit=2", stack.token(user, "client")).body();
        assertEquals("n4", page1.getJSONArray("notifications").getJSONObject(0).getString("title"));
        assertTrue(page1.getBoolean("hasMore"));
        String cursor = page1.getJSONArray("notifications").getJSONObject(1).getString("_id");
        JSONObject page2 = Rest.get(stack, "/api/notifications?limit=2&before=" + cursor, stack.token(user, "client")).body();
        assertEquals("n2", page2.getJSONArray("notifications").getJSONObject(0).getString("title"));
        assertEquals("n1", page2.getJSONArray("notifications").getJSONObject(1).getString("title"));
    }
}
