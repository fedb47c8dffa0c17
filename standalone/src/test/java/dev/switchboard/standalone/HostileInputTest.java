package dev.switchboard.standalone;

import dev.switchboard.events.Actor;
import dev.switchboard.events.Envelope;
import dev.switchboard.events.ErrorCode;
import dev.switchboard.events.Ids;
import dev.switchboard.events.Topic;
import dev.switchboard.events.kafka.KafkaClients;
import dev.switchboard.events.support.SupportAction.TicketChangeRequested;
import dev.switchboard.events.support.SupportUpdate.SupportActionRejected;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Inputs a hostile or careless client sends that once got through: each is refused with a clear error before anything
 * is recorded, instead of being written under a second spelling, set aside for an operator, or silently changed.
 */
class HostileInputTest {
    private final TestStack stack = TestStack.shared();

    private String openTicket(String owner) throws Exception {
        return Rest.openTicket(stack, owner, "Refund", "Where is my refund?");
    }

    private static String codeOf(JSONObject ack) throws Exception {
        return ack.optBoolean("ok") ? "OK" : ack.getJSONObject("error").getString("code");
    }

    @Test
    void pathIdsSpelledOtherwiseThanAsIdsAreRefusedAndTheTicketStaysAsItWas() throws Exception {
        String owner = Ids.newId();
        String ticketId = openTicket(owner);
        String upper = ticketId.toUpperCase();
        String admin = stack.token(Ids.newId(), "admin");

        Rest.assertBadRequest(Rest.send(stack, "PATCH", "/api/support/tickets/" + upper, admin, Rest.json("status", "closed")), "ticketId must be an id");
        Rest.assertBadRequest(Rest.get(stack, "/api/support/tickets/" + upper + "/messages", admin), "ticketId must be an id");
        Rest.assertBadRequest(Rest.send(stack, "PATCH", "/api/chats/" + "c".repeat(4000), stack.token(owner, "client"), Rest.json("status", "blocked")),
                "chatId must be an id");
        Rest.assertBadRequest(Rest.get(stack, "/api/chats/" + Ids.newId().toUpperCase() + "/messages", stack.token(owner, "client")), "chatId must be an id");

        JSONObject ticket = Rest.get(stack, "/api/support/tickets", stack.token(owner, "client")).array().getJSONObject(0);
        assertEquals(ticketId, ticket.getString("_id"));
        assertEquals("open", ticket.getString("status"), "the refused change was never recorded");
    }

    /** What the gateway now refuses, produced straight to the log: the projector takes the other spelling for no ticket. */
    @Test
    void aTicketChangeProducedToTheLogUnderAnotherSpellingOfTheIdNamesNoTicket() throws Exception {
        String owner = Ids.newId();
        String ticketId = openTicket(owner);
        String admin = Ids.newId();
        String upper = ticketId.toUpperCase();
        Envelope<TicketChangeRequested> close = Envelope.newAction(new TicketChangeRequested(upper, admin, "admin", "closed", null, null),
                Actor.user(admin, "admin"), upper, Instant.now());
        try (KafkaProducer<String, Envelope<?>> producer = KafkaClients.producer(stack.kafkaCluster(), "spelling-" + admin)) {
            producer.send(new ProducerRecord<>(Topic.SUPPORT_ACTIONS.topicName(), upper, close)).get(10, TimeUnit.SECONDS);
        }
        assertEquals(ErrorCode.NOT_FOUND, TestLog.awaitAnswer(stack, Topic.SUPPORT_UPDATES, close, SupportActionRejected.class).code());
        assertEquals("open", Rest.get(stack, "/api/support/tickets", stack.token(owner, "client")).array().getJSONObject(0).getString("status"));
    }

    @Test
    void aNotificationDataKeyWithANulOrAUserIdThatIsNoIdIsABadRequestNotADeadLetter() throws Exception {
        String service = stack.token("billing", "service");
        String user = Ids.newId();
        Rest.assertBadRequest(Rest.send(stack, "POST", "/api/notifications", service,
                Rest.json("userId", user, "type", "t", "title", "x", "message", "m", "data", Rest.json("a\u0000b", 1))), "NUL");
        Rest.assertBadRequest(Rest.send(stack, "POST", "/api/notifications", service,
                Rest.json("userId", user, "type", "t", "title", "x", "message", "m", "data", Rest.json("outer", Rest.json("in\u0000ner", 1)))), "NUL");
        Rest.assertBadRequest(Rest.send(stack, "POST", "/api/notifications", service,
                Rest.json("userId", "not an id at all", "type", "t", "title", "x", "message", "m")), "userId must be an id");
        assertEquals(0, Rest.get(stack, "/api/notifications", stack.token(user, "client")).body().getJSONArray("notifications").length(),
                "nothing was created");
    }

    @Test
    void theOwnPersonalRoomCannotBeLeftSoMessageNotificationsKeepComing() throws Exception {
        String client = Ids.newId();
        String provider = Ids.newId();
        try (SocketClient c = SocketClient.connected(stack, client, "client"); SocketClient p = SocketClient.connected(stack, provider, "provider")) {
            String chatId = Rest.openChat(stack, client, "client", provider);
            assertEquals("BAD_REQUEST", codeOf(c.emitWithAck("leave-chat", client)));
            assertEquals("BAD_REQUEST", codeOf(c.emitWithAck("leave-chat", Rest.json("chatId", client))));
            assertTrue(p.emitWithAck("send-message", Rest.json("chatId", chatId, "content", "still there?")).getBoolean("ok"));
            JSONObject notification = c.nextObject("message-notification");
            assertEquals(chatId, notification.getString("chatId"));
            assertEquals("still there?", notification.getJSONObject("message").getString("content"));
        }
    }

    @Test
    void mediaSizesThatAreNotWholeByteCountsAreRefusedNotRoundedOrCut() throws Exception {
        String client = Ids.newId();
        String provider = Ids.newId();
        try (SocketClient c = SocketClient.connected(stack, client, "client"); SocketClient p = SocketClient.connected(stack, provider, "provider")) {
            String chatId = Rest.openChat(stack, client, "client", provider);
            List<Object> sizes = List.of(new BigInteger("18446744073709551617"), 1e300, -0.5, 1.5, -1, Long.MIN_VALUE);
            for (Object size : sizes) {
                JSONObject ack = c.emitWithAck("send-message", Rest.json("chatId", chatId, "messageType", "image",
                        "media", new JSONArray().put(Rest.media("https://cdn.example/a.png", "image", null, size))));
                assertEquals("BAD_REQUEST", codeOf(ack), "size " + size);
                assertTrue(ack.getJSONObject("error").getString("message").contains("whole number of bytes"), ack.toString());
            }
            JSONObject sent = c.emitWithAck("send-message", Rest.json("chatId", chatId, "messageType", "image",
                    "media", new JSONArray().put(Rest.media("https://cdn.example/a.png", "image", null, 2048.0))));
            assertEquals(2048, sent.getJSONObject("message").getJSONArray("media").getJSONObject(0).getLong("size"), sent.toString());
            JSONArray history = Rest.get(stack, "/api/chats/" + chatId + "/messages", stack.token(client, "client")).body().getJSONArray("messages");
            assertEquals(1, history.length(), "only the whole size was stored");
        }
    }

    /**
     * JSON can carry a surrogate without its pair, and the store could not keep it: refused before the log. Sent over
     * Engine.IO polling by hand, since a client library encodes its strings as UTF-8 first and turns such a surrogate
     * into '?' on the way out. REST bodies are sent as JSON text with the escapes in it.
     */
    @Test
    void aTextThatIsNotValidUnicodeIsRefusedBeforeTheLogAndAPairIsKeptWhole() throws Exception {
        String client = Ids.newId();
        String provider = Ids.newId();
        try (SocketClient p = SocketClient.connected(stack, provider, "provider")) {
            String chatId;
            try (SocketClient c = SocketClient.connected(stack, client, "client")) {
                chatId = Rest.openChat(stack, client, "client", provider);
            }
            RawPolling raw = RawPolling.connect(stack.socketUrl(), stack.token(client, "client"));
            JSONObject refused = raw.emitWithAck("send-message", "{\"chatId\":\"" + chatId + "\",\"content\":\"a \\ud800 b\"}");
            assertEquals("BAD_REQUEST", codeOf(refused), refused.toString());
            assertTrue(refused.getJSONObject("error").getString("message").contains("valid Unicode"), refused.toString());
            JSONObject alsoRefused = raw.emitWithAck("send-message", "{\"chatId\":\"" + chatId + "\",\"content\":\"\\udc00\\ud83d\"}");
            assertEquals("BAD_REQUEST", codeOf(alsoRefused), alsoRefused.toString());
            JSONObject kept = raw.emitWithAck("send-message", "{\"chatId\":\"" + chatId + "\",\"content\":\"a \\ud83d\\ude00 b\"}");
            assertEquals("a \ud83d\ude00 b", kept.getJSONObject("message").getString("content"), kept.toString());
            JSONArray history = Rest.get(stack, "/api/chats/" + chatId + "/messages", stack.token(client, "client")).body().getJSONArray("messages");
            assertEquals(1, history.length(), "only the valid text was stored");
            assertEquals("a \ud83d\ude00 b", history.getJSONObject(0).getString("content"));
        }
        Rest.assertBadRequest(rawPost("/api/support/tickets", stack.token(client, "client"), "{\"subject\":\"Refund \\ud800\",\"message\":\"hello\"}"),
                "valid Unicode");
        Rest.assertBadRequest(rawPost("/api/notifications", stack.token("billing", "service"), "{\"userId\":\"" + client
                + "\",\"type\":\"t\",\"title\":\"x\",\"message\":\"m\",\"data\":{\"v\":\"\\udfff\"}}"), "valid Unicode");
        // in a key the REST side's JSON parser refuses it itself
        Rest.assertBadRequest(rawPost("/api/notifications", stack.token("billing", "service"), "{\"userId\":\"" + client
                + "\",\"type\":\"t\",\"title\":\"x\",\"message\":\"m\",\"data\":{\"k\\ud83d\":1}}"), "malformed request body");
        assertEquals(0, Rest.get(stack, "/api/support/tickets", stack.token(client, "client")).array().length(), "no ticket was opened");
        assertEquals(0, Rest.get(stack, "/api/notifications", stack.token(client, "client")).body().getJSONArray("notifications").length(),
                "no notification was created");
    }

    /**
     * An Engine.IO v4 polling session spoken by hand: handshake, Socket.IO CONNECT, then events with acks. Each request
     * on a connection of its own, as browsers' polling does not rely on reusing one either.
     */
    private static final class RawPolling {
        private final String base;
        private int nextAck = 1;

        private RawPolling(String base) {
            this.base = base;
        }

        static RawPolling connect(String socketUrl, String token) throws Exception {
            String open = get(socketUrl + "/socket.io/?EIO=4&transport=polling&token=" + token);
            String sid = new JSONObject(open.substring(open.indexOf('{'))).getString("sid");
            RawPolling session = new RawPolling(socketUrl + "/socket.io/?EIO=4&transport=polling&sid=" + sid);
            session.post("40");
            session.awaitPacket("40");
            return session;
        }

        JSONObject emitWithAck(String event, String jsonPayload) throws Exception {
            int id = nextAck++;
            post("42" + id + "[\"" + event + "\"," + jsonPayload + "]");
            String ack = awaitPacket("43" + id);
            return new JSONArray(ack.substring(("43" + id).length())).getJSONObject(0);
        }

        /** Polls until a packet starting with {@code prefix} comes (others, such as pushes, are passed over). */
        private String awaitPacket(String prefix) throws Exception {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline) {
                for (String packet : get(base).split("\u001e")) {
                    if (packet.startsWith(prefix)) {
                        return packet;
                    }
                }
            }
            throw new AssertionError("no packet " + prefix);
        }

        private void post(String body) throws Exception {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base)).header("Content-Type", "text/plain;charset=UTF-8")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            assertEquals(200, java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode());
        }

        private static String get(String url) throws Exception {
            return java.net.http.HttpClient.newHttpClient()
                    .send(HttpRequest.newBuilder(URI.create(url)).GET().build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        }
    }

    private Rest.Response rawPost(String path, String token, String json) {
        return Rest.send(HttpRequest.newBuilder(URI.create(stack.httpUrl() + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    @Test
    void anEncodedSlashInAPathIdGetsTheJsonErrorOfABadId() throws Exception {
        String token = stack.token(Ids.newId(), "client");
        Rest.assertBadRequest(Rest.get(stack, "/api/users/%2F/presence", token), "userId must be an id");
        Rest.assertBadRequest(Rest.get(stack, "/api/chats/" + Ids.newId() + "%2Fx/messages", token), "chatId must be an id");
    }

    @Test
    void requestsTomcatRefusesBeforeSpringGetTheJsonErrorBodyAndATokenWithManyClaimsPasses() throws Exception {
        String token = stack.token(Ids.newId(), "admin");
        for (String target : List.of("/api/support/tickets?status[]=open&status[]=pending", "/api/support/tickets?status=open|pending",
                "/api/support/tickets/%00aaaaaaaaaaaaaaaaaaaaaaa/audit")) {
            RawResponse refused = rawGet(target, "Bearer " + token);
            assertEquals(400, refused.status(), target + ": " + refused.text());
            assertTrue(refused.contentType().startsWith("application/json"), target + ": " + refused.contentType());
            assertEquals("BAD_REQUEST", new JSONObject(refused.text()).getJSONObject("error").getString("code"), target);
        }
        String manyClaims = stack.tokens().mint(Ids.newId(), dev.switchboard.gateway.auth.Role.CLIENT, "N".repeat(18_000), null, Duration.ofHours(1));
        assertEquals(200, rawGet("/api/support/tickets", "Bearer " + manyClaims).status(), "a 25 KiB token is taken");
        RawResponse tooLarge = rawGet("/api/support/tickets", "Bearer " + "x".repeat(40 * 1024));
        assertEquals(400, tooLarge.status(), tooLarge.text());
        assertTrue(new JSONObject(tooLarge.text()).getJSONObject("error").getString("message").contains("32 KiB"), tooLarge.text());
    }

    private record RawResponse(int status, String contentType, String text) {
    }

    /** A GET written by hand: Java's HTTP client refuses the characters these requests carry before sending them. */
    private RawResponse rawGet(String target, String authorization) throws Exception {
        URI http = URI.create(stack.httpUrl());
        try (java.net.Socket socket = new java.net.Socket(http.getHost(), http.getPort())) {
            socket.setSoTimeout(10_000);
            String request = "GET " + target + " HTTP/1.1\r\nHost: " + http.getHost() + "\r\nAuthorization: " + authorization
                    + "\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            String response = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            String head = response.substring(0, response.indexOf("\r\n\r\n"));
            String body = response.substring(head.length() + 4);
            String contentType = head.lines().filter(line -> line.toLowerCase(java.util.Locale.ROOT).startsWith("content-type:"))
                    .map(line -> line.substring("content-type:".length()).trim()).findFirst().orElse("");
            if (head.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked")) {
                body = unchunked(body);
            }
            return new RawResponse(Integer.parseInt(head.split(" ")[1]), contentType, body);
        }
    }

    private static String unchunked(String chunked) {
        StringBuilder body = new StringBuilder();
        int at = 0;
        while (true) {
            int lineEnd = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, lineEnd).trim(), 16);
            if (size == 0) {
                return body.toString();
            }
            body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
    }

    @Test
    void aQueryStringThatIsNotValidPercentEncodingIsABadRequest() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(stack.httpUrl() + "/api/notifications?limit=%FF"))
                .header("Authorization", "Bearer " + stack.token(Ids.newId(), "client")).GET().build();
        Rest.assertBadRequest(Rest.send(request), "malformed query string");
    }

    private Rest.Response devToken(JSONObject body) {
        return Rest.send(HttpRequest.newBuilder(URI.create(stack.httpUrl() + "/api/dev/tokens")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
    }

    @Test
    void devTokensForUsersNeedAnIdButAServiceMayHaveAName() throws Exception {
        Rest.assertBadRequest(devToken(Rest.json("role", "client", "userId", "abc")), "userId must be an id");
        Rest.Response service = devToken(Rest.json("role", "service", "userId", "billing"));
        assertEquals(201, service.status(), service.text());
        assertEquals("billing", service.body().getString("userId"));
    }
}
