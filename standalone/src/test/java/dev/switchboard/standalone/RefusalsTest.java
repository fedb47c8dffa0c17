package dev.switchboard.standalone;

import dev.switchboard.events.Ids;
import dev.switchboard.events.support.SupportAction.TicketChangeRequested;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The refusal paths not covered by the feature tests: each bad input gets its error code (socket ack or HTTP status
 * with a JSON error body) and changes nothing.
 */
class RefusalsTest {
    private final TestStack stack = TestStack.shared();

    private static String codeOf(JSONObject ack) throws Exception {
        return ack.optBoolean("ok") ? "OK" : ack.getJSONObject("error").getString("code");
    }

    @Test
    void malformedChatEventsAreBadRequestsAndOutsidersAreRefused() throws Exception {
        String client = Ids.newId();
        String provider = Ids.newId();
        try (SocketClient c = SocketClient.connected(stack, client, "client"); SocketClient p = SocketClient.connected(stack, provider, "provider");
             SocketClient outsider = SocketClient.connected(stack, Ids.newId(), "provider")) {
            String chatId = Rest.openChat(stack, client, "client", provider);
            Map<String, JSONObject> sends = new LinkedHashMap<>();
            sends.put("chat id over 64 characters", Rest.json("chatId", "c".repeat(65), "content", "x"));
            sends.put("content not a string", Rest.json("chatId", chatId, "content", 42));
            sends.put("messageType not a string", Rest.json("chatId", chatId, "content", "x", "messageType", new JSONArray()));
            sends.put("unknown messageType", Rest.json("chatId", chatId, "content", "x", "messageType", "hologram"));
            sends.put("empty clientMessageId", Rest.json("chatId", chatId, "content", "x", "clientMessageId", ""));
            sends.put("clientMessageId over 128", Rest.json("chatId", chatId, "content", "x", "clientMessageId", "k".repeat(129)));
            sends.put("clientMessageId not a string", Rest.json("chatId", chatId, "content", "x", "clientMessageId", 7));
            sends.put("media not an array", Rest.json("chatId", chatId, "messageType", "image", "media", "y.png"));
            sends.put("media without url", Rest.json("chatId", chatId, "messageType", "image", "media", new JSONArray().put(Rest.media(null, "image", null, null))));
            sends.put("media name not a string", Rest.json("chatId", chatId, "messageType", "image",
                    "media", new JSONArray().put(Rest.media("https://x/y.png", "image", 5, null))));
            sends.put("media size not a number", Rest.json("chatId", chatId, "messageType", "image",
                    "media", new JSONArray().put(Rest.media("https://x/y.png", "image", null, "big"))));
            sends.put("eleven media", Rest.json("chatId", chatId, "messageType", "image",
                    "media", new JSONArray(Collections.nCopies(11, Rest.media("https://x/y.png", "image", null, null)))));
            sends.put("text without content", Rest.json("chatId", chatId, "messageType", "text"));
            sends.put("javascript: media url", Rest.json("chatId", chatId, "messageType", "image",
                    "media", new JSONArray().put(Rest.media("java\tscript:alert(document.cookie)", "image", null, null))));
            sends.put("data: media url", Rest.json("chatId", chatId, "messageType", "image",
                    "media", new JSONArray().put(Rest.media(" data:text/html;base64,PHNjcmlwdD4=", "image", null, null))));
            for (Map.Entry<String, JSONObject> send : sends.entrySet()) {
                assertEquals("BAD_REQUEST", codeOf(c.emitWithAck("send-message", send.getValue())), send.getKey());
            }
            assertEquals("BAD_REQUEST", codeOf(c.emitWithAck("send-message", "just a string")));
            assertEquals("BAD_REQUEST", codeOf(c.emitWithAck("typing-start", "not an object")));
            assertEquals("BAD_REQUEST", codeOf(c.emitWithAck("typing-stop", Rest.json("roomId", chatId))));
            assertEquals("FORBIDDEN", codeOf(outsider.emitWithAck("mark-messages-read", Rest.json("chatId", chatId))));
            assertEquals("NOT_FOUND", codeOf(c.emitWithAck("mark-messages-read", Rest.json("chatId", Ids.newId()))));
            assertEquals("FORBIDDEN", codeOf(outsider.emitWithAck("join-chat", chatId)));

            JSONArray history = Rest.get(stack, "/api/chats/" + chatId + "/messages", stack.token(client, "client")).body().getJSONArray("messages");
            assertEquals(0, history.length(), "nothing stored");
        }
    }

    @Test
    void chatRestRefusesBadStatusesOutsidersAndBadPaging() throws Exception {
        String client = Ids.newId();
        String provider = Ids.newId();
        String outsider = Ids.newId();
        try (SocketClient c = SocketClient.connected(stack, client, "client"); SocketClient p = SocketClient.connected(stack, provider, "provider")) {
            String chatId = Rest.openChat(stack, client, "client", provider);
            String path = "/api/chats/" + chatId;
            assertError(400, "BAD_REQUEST", Rest.send(stack, "PATCH", path, stack.token(client, "client"), new JSONObject()));
            assertError(400, "BAD_REQUEST", Rest.send(stack, "PATCH", path, stack.token(client, "client"), Rest.json("status", "archived")));
            assertError(403, "FORBIDDEN", Rest.send(stack, "PATCH", path, stack.token(outsider, "client"), Rest.json("status", "blocked")));
            assertError(404, "NOT_FOUND", Rest.send(stack, "PATCH", "/api/chats/" + Ids.newId(), stack.token(client, "client"), Rest.json("status", "blocked")));
            assertEquals(200, Rest.send(stack, "PATCH", path, stack.token(provider, "provider"), Rest.json("status", "blocked")).status());
            assertError(403, "FORBIDDEN", Rest.send(stack, "PATCH", path, stack.token(client, "client"), Rest.json("status", "active")));
            assertEquals(200, Rest.send(stack, "PATCH", path, stack.token(client, "client"), Rest.json("status", "closed")).status());
            assertError(409, "RULE_VIOLATION", Rest.send(stack, "PATCH", path, stack.token(client, "client"), Rest.json("status", "active")));

            String token = stack.token(client, "client");
            assertError(400, "BAD_REQUEST", Rest.get(stack, path + "/messages?before=nope", token));
            assertError(400, "BAD_REQUEST", Rest.get(stack, path + "/messages?before=" + Ids.newId().toUpperCase(), token));
            assertError(400, "BAD_REQUEST", Rest.get(stack, path + "/messages?limit=0", token));
            assertError(400, "BAD_REQUEST", Rest.get(stack, path + "/messages?limit=101", token));
            assertError(403, "FORBIDDEN", Rest.get(stack, path + "/messages", stack.token(outsider, "client")));
            assertError(400, "BAD_REQUEST", Rest.send(stack, "POST", "/api/chats", token, Rest.json("participantId", client)));
            assertError(403, "FORBIDDEN", Rest.send(stack, "POST", "/api/chats", stack.token(Ids.newId(), "admin"), Rest.json("participantId", provider)));
        }
    }

    @Test
    void supportRefusesBadTicketsMessagesAndChanges() throws Exception {
        String owner = Ids.newId();
        String admin = stack.token(Ids.newId(), "admin");
        String ownerToken = stack.token(owner, "client");
        assertError(400, "BAD_REQUEST", Rest.send(stack, "POST", "/api/support/tickets", ownerToken, Rest.json("subject", "s".repeat(201), "message", "m")));
        assertError(400, "BAD_REQUEST", Rest.send(stack, "POST", "/api/support/tickets", ownerToken, Rest.json("subject", "s", "message", "m".repeat(5001))));
        Rest.Response opened = Rest.send(stack, "POST", "/api/support/tickets", ownerToken, Rest.json("subject", "Refunds", "message", "hello"));
        assertEquals(201, opened.status(), opened.text());
        String ticketId = opened.body().getString("_id");
        String ticketPath = "/api/support/tickets/" + ticketId;

        assertError(400, "BAD_REQUEST", Rest.send(stack, "PATCH", ticketPath, admin, new JSONObject()));
        assertError(400, "BAD_REQUEST", Rest.send(stack, "PATCH", ticketPath, admin, Rest.json("status", "lost")));
        assertError(404, "NOT_FOUND", Rest.send(stack, "PATCH", "/api/support/tickets/" + Ids.newId(), admin, Rest.json("status", "closed")));
        assertError(403, "FORBIDDEN", Rest.send(stack, "PATCH", ticketPath, ownerToken, Rest.json("status", "closed")));
        assertError(404, "NOT_FOUND", Rest.get(stack, "/api/support/tickets/" + Ids.newId() + "/messages", admin));
        assertError(404, "NOT_FOUND", Rest.get(stack, "/api/support/tickets/" + Ids.newId() + "/audit", admin));
        assertError(400, "BAD_REQUEST", Rest.get(stack, ticketPath + "/messages?before=nope", ownerToken));

        try (SocketClient o = SocketClient.connected(stack, owner, "client");
             SocketClient outsider = SocketClient.connected(stack, Ids.newId(), "client")) {
            List<String> codes = new ArrayList<>();
            codes.add(codeOf(o.emitWithAck("support-message", Rest.json("ticketId", ticketId, "content", ""))));
            codes.add(codeOf(o.emitWithAck("support-message", Rest.json("ticketId", ticketId, "content", "x".repeat(5001)))));
            codes.add(codeOf(o.emitWithAck("support-message", Rest.json("ticketId", ticketId, "content", "x", "messageType", "fax"))));
            assertEquals(List.of("BAD_REQUEST", "BAD_REQUEST", "BAD_REQUEST"), codes);
            String messageId = Rest.get(stack, ticketPath + "/messages", ownerToken).body().getJSONArray("messages").getJSONObject(0).getString("_id");
            assertEquals("FORBIDDEN", codeOf(outsider.emitWithAck("mark-message-read", Rest.json("messageId", messageId))));
            assertEquals("NOT_FOUND", codeOf(o.emitWithAck("mark-message-read", Rest.json("messageId", Ids.newId()))));
        }
        assertEquals(1, Rest.get(stack, ticketPath + "/messages", ownerToken).body().getJSONArray("messages").length(), "nothing stored");
    }

    /** A refused change is audited, but a status longer than any status is refused before the log, however it is refused after. */
    @Test
    void aStatusLongerThanAnyStatusIsRefusedBeforeItReachesTheLog() throws Exception {
        String owner = Ids.newId();
        String ownerToken = stack.token(owner, "client");
        String admin = stack.token(Ids.newId(), "admin");
        String ticketId = Rest.send(stack, "POST", "/api/support/tickets", ownerToken, Rest.json("subject", "Refunds", "message", "hello"))
                .body().getString("_id");
        String ticketPath = "/api/support/tickets/" + ticketId;
        String junk = "x".repeat(900 * 1024);

        assertError(400, "BAD_REQUEST", Rest.send(stack, "PATCH", ticketPath, ownerToken, Rest.json("status", junk)));
        assertError(400, "BAD_REQUEST", Rest.send(stack, "PATCH", ticketPath, admin, Rest.json("status", "y".repeat(TicketChangeRequested.MAX_STATUS + 1))));
        assertError(403, "FORBIDDEN", Rest.send(stack, "PATCH", ticketPath, ownerToken, Rest.json("status", "closed")));

        // the owner's short attempt is audited (same partition, after the long ones): once it is there, the long ones would be
        await().atMost(Duration.ofSeconds(30)).until(() -> Rest.get(stack, ticketPath + "/audit", admin).text().contains("TicketChangeRequested"));
        String audit = Rest.get(stack, ticketPath + "/audit", admin).text();
        assertTrue(audit.length() < 64 * 1024, "the audit holds no junk: " + audit.length() + " characters");
        assertFalse(audit.contains("yyyyyyyy"), audit);

        String provider = Ids.newId();
        try (SocketClient c = SocketClient.connected(stack, owner, "client"); SocketClient p = SocketClient.connected(stack, provider, "provider")) {
            String chatId = Rest.openChat(stack, owner, "client", provider);
            assertError(400, "BAD_REQUEST", Rest.send(stack, "PATCH", "/api/chats/" + chatId, stack.token(Ids.newId(), "client"), Rest.json("status", junk)));
            assertError(400, "BAD_REQUEST", Rest.send(stack, "PATCH", "/api/chats/" + chatId, ownerToken, Rest.json("status", "archived")));
        }
    }

    /** Refusals at the gateway that no other test reached: each answered, and nothing recorded. */
    @Test
    void gatewayLimitsTypeMismatchesAndForeignCursorsAreRefused() throws Exception {
        String client = Ids.newId();
        String provider = Ids.newId();
        String clientToken = stack.token(client, "client");
        try (SocketClient c = SocketClient.connected(stack, client, "client"); SocketClient p = SocketClient.connected(stack, provider, "provider")) {
            String chatId = Rest.openChat(stack, client, "client", provider);
            JSONObject huge = c.emitWithAck("send-message", Rest.json("chatId", chatId, "content", "x".repeat(64 * 1024 + 1)));
            assertEquals("BAD_REQUEST", codeOf(huge));
            assertEquals("content is too long", huge.getJSONObject("error").getString("message"));
            assertEquals("BAD_REQUEST", codeOf(c.emitWithAck("send-message", Rest.json("chatId", chatId, "content", "x", "messageType", "t".repeat(33)))));
            assertEquals(0, Rest.get(stack, "/api/chats/" + chatId + "/messages", clientToken).body().getJSONArray("messages").length(), "nothing stored");

            assertTrue(p.emitWithAck("send-message", Rest.json("chatId", chatId, "content", "one")).getBoolean("ok"));
            String messageId = Rest.get(stack, "/api/chats/" + chatId + "/messages", clientToken).body().getJSONArray("messages")
                    .getJSONObject(0).getString("_id");
            String thirdUser = Ids.newId();
            try (SocketClient third = SocketClient.connected(stack, thirdUser, "provider")) {
                String foreignChat = Rest.openChat(stack, client, "client", thirdUser);
                Rest.Response foreignCursor = Rest.get(stack, "/api/chats/" + foreignChat + "/messages?before=" + messageId, clientToken);
                assertError(400, "BAD_REQUEST", foreignCursor);
                assertTrue(foreignCursor.text().contains("before names no message of this conversation"), foreignCursor.text());
            }
        }
        assertError(400, "BAD_REQUEST", Rest.get(stack, "/api/notifications?limit=abc", clientToken));
        assertError(400, "BAD_REQUEST", Rest.get(stack, "/api/notifications?unread=maybe", clientToken));
        Rest.Response wrongType = Rest.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(stack.httpUrl() + "/api/chats"))
                .header("Authorization", "Bearer " + clientToken).header("Content-Type", "text/plain")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("participantId=" + provider)).build());
        assertError(415, "BAD_REQUEST", wrongType);

        String owner = Ids.newId();
        Rest.Response opened = Rest.send(stack, "POST", "/api/support/tickets", stack.token(owner, "client"), Rest.json("subject", "Help", "message", "hello"));
        String ticketId = opened.body().getString("_id");
        try (SocketClient o = SocketClient.connected(stack, owner, "client")) {
            assertEquals("FORBIDDEN", codeOf(o.emitWithAck("support-typing-start", Rest.json("ticketId", ticketId))), "not joined yet");
            assertEquals("BAD_REQUEST", codeOf(o.emitWithAck("support-message", Rest.json("ticketId", ticketId, "content", Rest.json("text", 5)))));
        }
        assertEquals(1, Rest.get(stack, "/api/support/tickets/" + ticketId + "/messages", stack.token(owner, "client")).body()
                .getJSONArray("messages").length(), "nothing stored");
    }

    @Test
    void presenceOfAnIdThatCannotBeAUserIsABadRequest() throws Exception {
        assertError(400, "BAD_REQUEST", Rest.get(stack, "/api/users/" + "u".repeat(65) + "/presence", stack.token(Ids.newId(), "client")));
    }

    private static void assertError(int status, String code, Rest.Response response) throws Exception {
        assertEquals(status, response.status(), response.text());
        assertEquals(code, response.body().getJSONObject("error").getString("code"), response.text());
    }
}
