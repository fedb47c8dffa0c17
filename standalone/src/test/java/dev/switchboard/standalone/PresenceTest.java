package dev.switchboard.standalone;

import dev.switchboard.events.Actor;
import dev.switchboard.events.Envelope;
import dev.switchboard.events.Ids;
import dev.switchboard.events.Topic;
import dev.switchboard.events.kafka.KafkaClients;
import dev.switchboard.events.presence.PresenceAction.ConnectionClosed;
import dev.switchboard.events.presence.PresenceAction.ConnectionOpened;
import dev.switchboard.events.presence.PresenceUpdate.ConnectionExpired;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PresenceTest {
    private static final String ISO_MILLIS = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";
    private final TestStack stack = TestStack.shared();

    private JSONObject presenceOf(String userId) throws Exception {
        Rest.Response response = Rest.get(stack, "/api/users/" + userId + "/presence", stack.token(Ids.newId(), "client"));
        assertEquals(200, response.status(), response.body().toString());
        return response.body();
    }

    private void awaitOnline(String userId, boolean online) {
        await().atMost(Duration.ofSeconds(10)).until(() -> presenceOf(userId).getBoolean("isOnline") == online);
    }

    @Test
    void userGoesOnlineWhenConnectedAndOfflineWithLastActiveWhenTheConnectionCloses() throws Exception {
        String user = Ids.newId();
        assertFalse(presenceOf(user).getBoolean("isOnline"));

        SocketClient client = SocketClient.connected(stack, user, "client");
        awaitOnline(user, true);
        client.close();
        awaitOnline(user, false);

        JSONObject presence = presenceOf(user);
        assertEquals(user, presence.getString("userId"));
        assertTrue(presence.getString("lastActive").matches(ISO_MILLIS), presence.toString());
    }

    @Test
    void twoConnectionsOfOneUserStayOnlineUntilBothClose() throws Exception {
        String user = Ids.newId();
        SocketClient phone = SocketClient.connected(stack, user, "provider");
        SocketClient laptop = SocketClient.connected(stack, user, "provider");
        awaitOnline(user, true);

        phone.close();
        long until = System.currentTimeMillis() + 1500;
        while (System.currentTimeMillis() < until) {
            Object pushed = laptop.poll("user-status-changed", 100);
            assertFalse(pushed instanceof JSONObject status && !status.getBoolean("isOnline"), "went offline with a connection open");
        }
        assertTrue(presenceOf(user).getBoolean("isOnline"));

        laptop.close();
        awaitOnline(user, false);
    }

    @Test
    void appearingOfflineAndBackIsPushedToTheUsersOtherDevices() throws Exception {
        String user = Ids.newId();
        try (SocketClient phone = SocketClient.connected(stack, user, "client");
             SocketClient laptop = SocketClient.connected(stack, user, "client")) {
            awaitOnline(user, true);
            laptop.drained("user-status-changed");

            JSONObject ack = phone.emitWithAck("set-online-status", new JSONObject(Map.of("userId", user, "isOnline", false)));
            assertTrue(ack.getBoolean("ok"), ack.toString());
            JSONObject offline = laptop.nextObject("user-status-changed");
            assertEquals(user, offline.getString("userId"));
            assertFalse(offline.getBoolean("isOnline"));
            assertTrue(offline.getString("lastActive").matches(ISO_MILLIS));

            phone.emitWithAck("set-online-status", new JSONObject(Map.of("userId", user, "isOnline", true)));
            JSONObject online = laptop.nextObject("user-status-changed");
            assertTrue(online.getBoolean("isOnline"));
            assertEquals(offline.getString("lastActive"), online.getString("lastActive"));
        }
    }

    @Test
    void getOnlineStatusAnswersTheAskerWithTheUsersStatus() throws Exception {
        String watched = Ids.newId();
        try (SocketClient watchedClient = SocketClient.connected(stack, watched, "provider");
             SocketClient asker = SocketClient.connected(stack, Ids.newId(), "client")) {
            awaitOnline(watched, true);

            JSONObject ack = asker.emitWithAck("get-online-status", watched);

            assertTrue(ack.getBoolean("ok"), ack.toString());
            assertTrue(ack.getBoolean("isOnline"));
            JSONObject status = asker.nextObject("online-status");
            assertEquals(watched, status.getString("userId"));
            assertTrue(status.getBoolean("isOnline"));
            assertTrue(status.getString("lastActive").matches(ISO_MILLIS));
        }
    }

    @Test
    void askingForOnlineStatusWritesNothingToTheLog() throws Exception {
        String watched = Ids.newId();
        try (SocketClient watchedClient = SocketClient.connected(stack, watched, "provider");
             SocketClient asker = SocketClient.connected(stack, Ids.newId(), "client")) {
            awaitOnline(watched, true);
            long before = recordsIn(Topic.PRESENCE_ACTIONS) + recordsIn(Topic.PRESENCE_UPDATES);

            for (int i = 0; i < 20; i++) {
                assertTrue(asker.emitWithAck("get-online-status", watched).getBoolean("isOnline"));
            }

            assertEquals(before, recordsIn(Topic.PRESENCE_ACTIONS) + recordsIn(Topic.PRESENCE_UPDATES));
        }
    }

    private long recordsIn(Topic topic) {
        try (var consumer = KafkaClients.consumer(stack.kafkaCluster(), null, "presence-test", "earliest")) {
            var partitions = consumer.partitionsFor(topic.topicName()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    @Test
    void userJoinWithTheOwnIdIsAcknowledged() throws Exception {
        String user = Ids.newId();
        try (SocketClient client = SocketClient.connected(stack, user, "client")) {
            JSONObject ack = client.emitWithAck("user-join", user);
            assertTrue(ack.getBoolean("ok"), ack.toString());
        }
    }

    @Test
    void userJoinWithSomeoneElsesIdIsForbiddenByAckAndBySocketError() throws Exception {
        try (SocketClient client = SocketClient.connected(stack, Ids.newId(), "client")) {
            JSONObject ack = client.emitWithAck("user-join", Ids.newId());
            assertFalse(ack.getBoolean("ok"));
            assertEquals("FORBIDDEN", ack.getJSONObject("error").getString("code"));

            client.emit("user-join", Ids.newId());
            JSONObject error = client.nextObject("socket-error");
            assertEquals("user-join", error.getString("event"));
            assertEquals("FORBIDDEN", error.getString("code"));
            assertFalse(error.getString("message").isBlank());
        }
    }

    @Test
    void setOnlineStatusForSomeoneElseIsForbiddenAndChangesNothing() throws Exception {
        String victim = Ids.newId();
        try (SocketClient victimClient = SocketClient.connected(stack, victim, "client");
             SocketClient attacker = SocketClient.connected(stack, Ids.newId(), "client")) {
            awaitOnline(victim, true);
            JSONObject ack = attacker.emitWithAck("set-online-status", new JSONObject(Map.of("userId", victim, "isOnline", false)));
            assertEquals("FORBIDDEN", ack.getJSONObject("error").getString("code"));
            assertTrue(presenceOf(victim).getBoolean("isOnline"));
        }
    }

    @Test
    void malformedPayloadsAreBadRequests() throws Exception {
        String user = Ids.newId();
        try (SocketClient client = SocketClient.connected(stack, user, "client")) {
            JSONObject notBoolean = client.emitWithAck("set-online-status", new JSONObject(Map.of("userId", user, "isOnline", "yes")));
            assertEquals("BAD_REQUEST", notBoolean.getJSONObject("error").getString("code"));
            JSONObject notAnObject = client.emitWithAck("set-online-status", "offline");
            assertEquals("BAD_REQUEST", notAnObject.getJSONObject("error").getString("code"));
            JSONObject noId = client.emitWithAck("get-online-status", new JSONObject());
            assertEquals("BAD_REQUEST", noId.getJSONObject("error").getString("code"));
        }
    }

    @Test
    void connectionsOfASilentGatewayAreClosedInTheLogByTheWatchdog() throws Exception {
        String user = Ids.newId();
        String deadRun = "dead-run-" + user;
        try (KafkaProducer<String, Envelope<?>> producer = KafkaClients.producer(stack.kafkaCluster(), "test-dead-gateway")) {
            producer.send(new ProducerRecord<>(Topic.PRESENCE_ACTIONS.topicName(), user, Envelope.newAction(
                    new ConnectionOpened(user, "dead-connection", "dead-gateway", deadRun),
                    Actor.user(user, "client"), user, Instant.now()))).get();
        }

        // no heartbeat ever comes from deadRun: within GATEWAY_EXPIRY_MS its connection is closed through the log
        await().atMost(Duration.ofSeconds(15)).until(() -> closedConnectionsInLog(user).contains("dead-connection"));
        await().atMost(Duration.ofSeconds(5)).until(() -> !presenceOf(user).getBoolean("isOnline"));
    }

    @Test
    void aConnectionTheWatchdogClosedWhileItsGatewayWasFrozenIsAnnouncedAgainSoTheUserStaysOnline() throws Exception {
        String user = Ids.newId();
        try (SocketClient phone = SocketClient.connected(stack, user, "client")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> opensInLog(user).size() == 1);
            ConnectionOpened phoneOpened = opensInLog(user).get(0);
            SocketClient laptop = SocketClient.connected(stack, user, "client");
            await().atMost(Duration.ofSeconds(10)).until(() -> opensInLog(user).size() == 2);
            awaitOnline(user, true);

            // an expiry of another run's connection, or of an id this gateway does not hold, is not this gateway's to answer
            try (KafkaProducer<String, Envelope<?>> producer = KafkaClients.producer(stack.kafkaCluster(), "test-projector")) {
                for (ConnectionExpired notOurs : List.of(new ConnectionExpired(user, phoneOpened.connectionId(), "another-run"),
                        new ConnectionExpired(user, "not-held-here", phoneOpened.gatewayRunId()))) {
                    producer.send(new ProducerRecord<>(Topic.PRESENCE_UPDATES.topicName(), user,
                            Envelope.newAction(notOurs, Actor.system("test"), user, Instant.now()))).get();
                }
            }
            Thread.sleep(1_000);
            assertEquals(2, opensInLog(user).size(), "nothing announced again");

            // what the watchdog writes when this gateway's heartbeats stopped for an expiry (a frozen process), though
            // the phone's socket is still open here
            try (KafkaProducer<String, Envelope<?>> producer = KafkaClients.producer(stack.kafkaCluster(), "test-watchdog")) {
                producer.send(new ProducerRecord<>(Topic.PRESENCE_ACTIONS.topicName(), user, Envelope.newAction(
                        new ConnectionClosed(user, phoneOpened.connectionId(), phoneOpened.gatewayId(), phoneOpened.gatewayRunId(), "gateway-expired"),
                        Actor.system("gateway-watchdog"), user, Instant.now()))).get();
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> opensInLog(user).stream()
                    .anyMatch(opened -> opened.connectionId().equals(phoneOpened.connectionId() + "~1")));

            laptop.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> closedInLog(user) >= 3); // expired, re-announced, the laptop's
            Thread.sleep(500);
            assertTrue(presenceOf(user).getBoolean("isOnline"), "the phone is still connected");
            assertTrue(phone.emitWithAck("get-online-status", user).getBoolean("isOnline"));
        }
    }

    private List<ConnectionOpened> opensInLog(String user) {
        return TestLog.records(stack, Topic.PRESENCE_ACTIONS).stream()
                .filter(e -> user.equals(e.key()) && e.payload() instanceof ConnectionOpened)
                .map(e -> (ConnectionOpened) e.payload())
                .toList();
    }

    private long closedInLog(String user) {
        return TestLog.records(stack, Topic.PRESENCE_ACTIONS).stream()
                .filter(e -> user.equals(e.key()) && e.payload() instanceof ConnectionClosed)
                .count();
    }

    /** Connection ids the log records as closed by the gateway watchdog for this user. */
    private List<String> closedConnectionsInLog(String user) {
        return TestLog.records(stack, Topic.PRESENCE_ACTIONS).stream()
                .filter(e -> user.equals(e.key()) && "system".equals(e.actor().role()))
                .filter(e -> e.payload() instanceof ConnectionClosed close && "gateway-expired".equals(close.reason()))
                .map(e -> ((ConnectionClosed) e.payload()).connectionId())
                .toList();
    }

    @Test
    void aConnectionFloodingEventsIsRateLimited() throws Exception {
        try (SocketClient client = SocketClient.connected(stack, Ids.newId(), "client")) {
            for (int i = 0; i < 2300; i++) {
                client.emit("leave-chat", "flood");
            }
            boolean limited = false;
            long deadline = System.currentTimeMillis() + 10_000;
            while (!limited && System.currentTimeMillis() < deadline) {
                Object error = client.poll("socket-error", 500);
                limited = error instanceof JSONObject json && "RATE_LIMITED".equals(json.getString("code"));
            }
            assertTrue(limited, "no RATE_LIMITED socket-error");
        }
    }

    @Test
    void presenceRestRefusesACallerWithoutToken() throws Exception {
        Rest.Response response = Rest.get(stack, "/api/users/" + Ids.newId() + "/presence", null);
        assertEquals(401, response.status());
        assertEquals("UNAUTHORIZED", response.body().getJSONObject("error").getString("code"));
    }

    @Test
    void unknownRestPathsAnswerJson404() throws Exception {
        Rest.Response response = Rest.get(stack, "/api/nothing-here", stack.token(Ids.newId(), "client"));
        assertEquals(404, response.status());
        assertEquals("NOT_FOUND", response.body().getJSONObject("error").getString("code"));
    }
}
