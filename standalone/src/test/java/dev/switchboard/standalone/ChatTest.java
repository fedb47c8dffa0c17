package dev.switchboard.standalone;

import dev.switchboard.events.Ids;
import dev.switchboard.events.Topic;
import dev.switchboard.events.chat.ChatAction.MessageSubmitted;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChatTest {
    private final TestStack stack = TestStack.shared();

    /** A client and a provider, both connected once (so their roles are known), and their chat. */
    private record Pair(String client, String provider, String chatId, SocketClient clientSocket, SocketClient providerSocket) implements AutoCloseable {
        @Override
        public void close() {
            clientSocket.close();
            providerSocket.close();
        }
    }

    private Pair pair() throws Exception {
        String client = Ids.newId();
        String provider = Ids.newId();
        SocketClient clientSocket = SocketClient.connected(stack, client, "client");
        SocketClient providerSocket = SocketClient.connected(stack, provider, "provider");
        return new Pair(client, provider, Rest.openChat(stack, client, "client", provider), clientSocket, providerSocket);
    }

    private JSONObject sendMessage(SocketClient socket, String chatId, String content) throws Exception {
        return socket.emitWithAck("send-message", Rest.json("chatId", chatId, "content", content, "messageType", "text"));
    }

    private JSONArray history(String chatId, String user, String query) throws Exception {
        return Rest.get(stack, "/api/chats/" + chatId + "/messages" + query, stack.token(user, "client")).body().getJSONArray("messages");
    }

    @Test
    void openingAChatTwiceReturnsTheSameChat() throws Exception {
        try (Pair pair = pair()) {
            Rest.Response again = Rest.send(stack, "POST", "/api/chats", stack.token(pair.provider(), "provider"), Rest.json("participantId", pair.client()));
            assertEquals(200, again.status());
            assertEquals(pair.chatId(), again.body().getString("_id"));
            assertEquals("active", again.body().getString("status"));
            assertEquals(2, again.body().getJSONArray("participants").length());
        }
    }

    @Test
    void aChatIsOnlyBetweenAClientAndAProvider() throws Exception {
        String a = Ids.newId();
        String b = Ids.newId();
        try (SocketClient sa = SocketClient.connected(stack, a, "client"); SocketClient sb = SocketClient.connected(stack, b, "client")) {
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    Rest.send(stack, "POST", "/api/chats", stack.token(a, "client"), Rest.json("participantId", b)).status() == 409);
            Rest.Response refused = Rest.send(stack, "POST", "/api/chats", stack.token(a, "client"), Rest.json("participantId", b));
            assertEquals("RULE_VIOLATION", refused.body().getJSONObject("error").getString("code"));
        }
        String neverSeen = Ids.newId();
        Rest.Response unknown = Rest.send(stack, "POST", "/api/chats", stack.token(a, "client"), Rest.json("participantId", neverSeen));
        assertEquals(404, unknown.status(), "nobody vouched for the role of a user who never connected: " + unknown.body());
        assertEquals(202, Rest.send(stack, "POST", "/api/users", stack.token("identity", "service"), Rest.json("userId", neverSeen, "role", "provider")).status());
        Rest.Response[] registered = new Rest.Response[1];
        await().atMost(Duration.ofSeconds(10)).until(() ->
                (registered[0] = Rest.send(stack, "POST", "/api/chats", stack.token(a, "client"), Rest.json("participantId", neverSeen))).status() == 201);
        Rest.Response withNewcomer = registered[0];
        try (SocketClient newcomer = SocketClient.connected(stack, neverSeen, "provider")) {
            JSONObject sent = sendMessage(newcomer, withNewcomer.body().getString("_id"), "hello, first time here");
            assertTrue(sent.getBoolean("ok"), sent.toString());
        }
        assertEquals(400, Rest.send(stack, "POST", "/api/chats", stack.token(a, "client"), Rest.json("participantId", 42)).status());
    }

    @Test
    void aSentMessageIsStoredAckedAndPushedToTheRoomAndTheReceiver() throws Exception {
        try (Pair pair = pair()) {
            assertTrue(pair.providerSocket().emitWithAck("join-chat", pair.chatId()).getBoolean("ok"));

            JSONObject ack = sendMessage(pair.clientSocket(), pair.chatId(), "Hello there!");

            assertTrue(ack.getBoolean("ok"), ack.toString());
            JSONObject message = ack.getJSONObject("message");
            assertEquals(pair.chatId(), message.getString("chat"));
            assertEquals(pair.client(), message.getJSONObject("sender").getString("_id"));
            assertEquals("User " + pair.client(), message.getJSONObject("sender").getString("fullName"));
            assertEquals("client", message.getJSONObject("sender").getString("role"));
            assertTrue(message.getJSONObject("sender").getJSONObject("profilePhoto").getString("url").endsWith(".jpg"));
            assertEquals(pair.provider(), message.getString("receiver"));
            assertEquals("Hello there!", message.getString("content"));
            assertEquals("text", message.getString("messageType"));
            assertEquals(0, message.getJSONArray("media").length());
            assertTrue(message.isNull("clientMessageId"));
            assertTrue(message.getBoolean("delivered"), "the receiver was connected");
            assertFalse(message.getBoolean("isRead"));
            assertTrue(message.isNull("readAt"));

            assertEquals(message.getString("_id"), pair.providerSocket().nextObject("new-message").getString("_id"));
            JSONObject notice = pair.providerSocket().nextObject("message-notification");
            assertEquals(pair.chatId(), notice.getString("chatId"));
            assertEquals(message.getString("_id"), notice.getJSONObject("message").getString("_id"));
            assertNull(pair.clientSocket().poll("message-notification", 300), "the sender gets no notification");
            assertEquals(1, history(pair.chatId(), pair.client(), "").length());
        }
    }

    @Test
    void aResendAfterTheChatWasBlockedStillAnswersTheOriginal() throws Exception {
        try (Pair pair = pair()) {
            JSONObject payload = Rest.json("chatId", pair.chatId(), "content", "before the block", "clientMessageId", "retry-1");
            JSONObject first = pair.clientSocket().emitWithAck("send-message", payload);
            assertEquals(200, Rest.send(stack, "PATCH", "/api/chats/" + pair.chatId(), stack.token(pair.provider(), "provider"), Rest.json("status", "blocked")).status());
            JSONObject resend = pair.clientSocket().emitWithAck("send-message", payload);
            assertTrue(resend.getBoolean("ok"), resend.toString());
            assertEquals(first.getJSONObject("message").getString("_id"), resend.getJSONObject("message").getString("_id"));
            JSONObject fresh = pair.clientSocket().emitWithAck("send-message", Rest.json("chatId", pair.chatId(), "content", "new", "clientMessageId", "retry-2"));
            assertEquals("RULE_VIOLATION", fresh.getJSONObject("error").getString("code"));
        }
    }

    @Test
    void onlyTheParticipantWhoBlockedAChatCanUnblockIt() throws Exception {
        try (Pair pair = pair()) {
            String path = "/api/chats/" + pair.chatId();
            String clientToken = stack.token(pair.client(), "client");
            String providerToken = stack.token(pair.provider(), "provider");
            assertEquals("blocked", Rest.send(stack, "PATCH", path, providerToken, Rest.json("status", "blocked")).body().getString("status"));

            Rest.Response refused = Rest.send(stack, "PATCH", path, clientToken, Rest.json("status", "active"));
            assertEquals(403, refused.status(), refused.text());
            assertEquals("only the participant who blocked this chat can unblock it", refused.body().getJSONObject("error").getString("message"));
            JSONObject listed = listed(pair.provider(), pair.chatId());
            assertEquals("blocked", listed.getString("status"), "the refusal changed nothing");
            assertEquals("RULE_VIOLATION", sendMessage(pair.clientSocket(), pair.chatId(), "let me in").getJSONObject("error").getString("code"));

            assertEquals("active", Rest.send(stack, "PATCH", path, providerToken, Rest.json("status", "active")).body().getString("status"));
            assertTrue(sendMessage(pair.clientSocket(), pair.chatId(), "thanks").getBoolean("ok"));

            // the lifted block is gone from the store too: the client's own block and unblock leave the chat active
            assertEquals("blocked", Rest.send(stack, "PATCH", path, clientToken, Rest.json("status", "blocked")).body().getString("status"));
            assertEquals("active", Rest.send(stack, "PATCH", path, clientToken, Rest.json("status", "active")).body().getString("status"));
            assertEquals("active", listed(pair.provider(), pair.chatId()).getString("status"));
        }
    }

    @Test
    void theSameClientMessageIdInAnotherChatIsAnotherMessage() throws Exception {
        String provider = Ids.newId();
        try (Pair pair = pair(); SocketClient otherProvider = SocketClient.connected(stack, provider, "provider")) {
            String otherChat = Rest.openChat(stack, pair.client(), "client", provider);
            JSONObject first = pair.clientSocket().emitWithAck("send-message", Rest.json("chatId", pair.chatId(), "content", "a", "clientMessageId", "same"));
            JSONObject second = pair.clientSocket().emitWithAck("send-message", Rest.json("chatId", otherChat, "content", "b", "clientMessageId", "same"));
            assertNotEquals(first.getJSONObject("message").getString("_id"), second.getJSONObject("message").getString("_id"));
            assertEquals(otherChat, second.getJSONObject("message").getString("chat"));
            assertEquals(1, history(otherChat, pair.client(), "").length());
        }
    }

    @Test
    void messagesToAnOfflineReceiverAreDeliveredWhenTheyJoinTheChat() throws Exception {
        try (Pair pair = pair()) {
            pair.providerSocket().close();
            await().atMost(Duration.ofSeconds(10)).until(() -> !Rest.get(stack, "/api/users/" + pair.provider() + "/presence",
                    stack.token(pair.client(), "client")).body().getBoolean("isOnline"));
            assertTrue(pair.clientSocket().emitWithAck("join-chat", pair.chatId()).getBoolean("ok"));
            String id = sendMessage(pair.clientSocket(), pair.chatId(), "are you there?").getJSONObject("message").getString("_id");
            assertFalse(history(pair.chatId(), pair.client(), "").getJSONObject(0).getBoolean("delivered"));

            try (SocketClient provider = SocketClient.connected(stack, pair.provider(), "provider")) {
                assertTrue(provider.emitWithAck("join-chat", pair.chatId()).getBoolean("ok"));
                JSONObject delivered = pair.clientSocket().nextObject("messages-delivered");
                assertEquals(pair.chatId(), delivered.getString("chatId"));
                assertEquals(pair.provider(), delivered.getString("userId"));
                assertEquals(1, delivered.getJSONArray("messageIds").length());
                assertEquals(id, delivered.getJSONArray("messageIds").getString(0));
                assertTrue(history(pair.chatId(), pair.client(), "").getJSONObject(0).getBoolean("delivered"));
                assertTrue(listed(pair.client(), pair.chatId()).getJSONObject("lastMessage").getBoolean("delivered"),
                        "the chat list's last message shows it delivered");
            }
        }
    }

    @Test
    void resendingTheSameClientMessageIdStoresOneMessage() throws Exception {
        try (Pair pair = pair()) {
            JSONObject payload = Rest.json("chatId", pair.chatId(), "content", "once", "clientMessageId", "local-1");
            JSONObject first = pair.clientSocket().emitWithAck("send-message", payload);
            JSONObject second = pair.clientSocket().emitWithAck("send-message", payload);
            assertEquals(first.getJSONObject("message").getString("_id"), second.getJSONObject("message").getString("_id"));
            assertEquals("local-1", second.getJSONObject("message").getString("clientMessageId"));
            assertEquals(1, history(pair.chatId(), pair.client(), "").length());
        }
    }

    @Test
    void aTextThatShowsNothingIsRefusedAsMissingContentAndSpacesInsideATextAreKept() throws Exception {
        try (Pair pair = pair()) {
            for (String invisible : List.of("\u00a0", "\u2003\u00a0 ", "\u202f\ufeff")) {
                JSONObject refused = sendMessage(pair.clientSocket(), pair.chatId(), invisible);
                assertEquals("BAD_REQUEST", refused.getJSONObject("error").getString("code"), refused.toString());
                assertEquals("content is required for a text message", refused.getJSONObject("error").getString("message"));
            }
            JSONObject sent = sendMessage(pair.clientSocket(), pair.chatId(), "a\u00a0b");
            assertEquals("a\u00a0b", sent.getJSONObject("message").getString("content"));
            assertEquals(1, history(pair.chatId(), pair.client(), "").length());
        }
    }

    @Test
    void everyRefusedSendStoresNothingAnswersItsCodeAndIsInTheLog() throws Exception {
        try (Pair pair = pair(); SocketClient outsider = SocketClient.connected(stack, Ids.newId(), "client")) {
            Map<String, JSONObject> refusals = new HashMap<>();
            refusals.put("BAD_REQUEST", sendMessage(pair.clientSocket(), pair.chatId(), "x".repeat(5001)));
            refusals.put("FORBIDDEN", sendMessage(outsider, pair.chatId(), "let me in"));
            refusals.put("NOT_FOUND", sendMessage(pair.clientSocket(), Ids.newId(), "anyone?"));
            assertEquals(200, Rest.send(stack, "PATCH", "/api/chats/" + pair.chatId(), stack.token(pair.provider(), "provider"), Rest.json("status", "blocked")).status());
            refusals.put("RULE_VIOLATION", sendMessage(pair.clientSocket(), pair.chatId(), "blocked?"));
            for (Map.Entry<String, JSONObject> refusal : refusals.entrySet()) {
                assertFalse(refusal.getValue().getBoolean("ok"), refusal.toString());
                assertEquals(refusal.getKey(), refusal.getValue().getJSONObject("error").getString("code"));
            }
            JSONObject noAck = Rest.json("chatId", pair.chatId(), "content", "no ack");
            pair.clientSocket().emit("send-message", noAck);
            JSONObject socketError = pair.clientSocket().nextObject("socket-error");
            assertEquals("send-message", socketError.getString("event"));
            assertEquals("RULE_VIOLATION", socketError.getString("code"));

            assertEquals(0, history(pair.chatId(), pair.client(), "").length(), "nothing stored");
            List<String> logged = submittedContents(pair.chatId());
            assertTrue(logged.containsAll(List.of("x".repeat(5001), "let me in", "blocked?", "no ack")), "refusals are audited in the log");
        }
    }

    /** A second connection of the client (their phone), in the chat's room with the provider. */
    private SocketClient clientPhoneInTheChat(Pair pair) throws Exception {
        SocketClient phone = SocketClient.connected(stack, pair.client(), "client");
        assertTrue(phone.emitWithAck("join-chat", pair.chatId()).getBoolean("ok"));
        assertTrue(pair.providerSocket().emitWithAck("join-chat", pair.chatId()).getBoolean("ok"));
        return phone;
    }

    @Test
    void aConnectionThatLeavesTheChatWhileTypingTellsTheRoomItStopped() throws Exception {
        try (Pair pair = pair(); SocketClient phone = clientPhoneInTheChat(pair)) {
            assertTrue(phone.emitWithAck("typing-start", Rest.json("chatId", pair.chatId())).getBoolean("ok"));
            assertTrue(pair.providerSocket().nextObject("user-typing").getBoolean("isTyping"));

            assertTrue(phone.emitWithAck("leave-chat", pair.chatId()).getBoolean("ok"));

            assertFalse(pair.providerSocket().nextObject("user-typing").getBoolean("isTyping"));
        }
    }

    @Test
    void aConnectionThatClosesWhileTypingTellsTheRoomItStopped() throws Exception {
        try (Pair pair = pair()) {
            SocketClient phone = clientPhoneInTheChat(pair);
            assertTrue(phone.emitWithAck("typing-start", Rest.json("chatId", pair.chatId())).getBoolean("ok"));
            assertTrue(pair.providerSocket().nextObject("user-typing").getBoolean("isTyping"));

            phone.close();

            JSONObject stopped = pair.providerSocket().nextObject("user-typing");
            assertEquals(pair.client(), stopped.getString("userId"));
            assertEquals(pair.chatId(), stopped.getString("chatId"));
            assertFalse(stopped.getBoolean("isTyping"));
            assertNull(pair.clientSocket().poll("user-typing", 300), "never to the typist's other connections");
        }
    }

    @Test
    void aConnectionThatStoppedTypingBeforeClosingSignalsNothingMore() throws Exception {
        try (Pair pair = pair()) {
            SocketClient phone = clientPhoneInTheChat(pair);
            phone.emitWithAck("typing-start", Rest.json("chatId", pair.chatId()));
            phone.emitWithAck("typing-stop", Rest.json("chatId", pair.chatId()));
            assertTrue(pair.providerSocket().nextObject("user-typing").getBoolean("isTyping"));
            assertFalse(pair.providerSocket().nextObject("user-typing").getBoolean("isTyping"));

            phone.close();

            assertNull(pair.providerSocket().poll("user-typing", 1_000));
        }
    }

    @Test
    void typingReachesTheOtherMembersOnlyInBothPayloadForms() throws Exception {
        try (Pair pair = pair(); SocketClient outsider = SocketClient.connected(stack, Ids.newId(), "client")) {
            assertTrue(pair.clientSocket().emitWithAck("join-chat", pair.chatId()).getBoolean("ok"));
            assertTrue(pair.providerSocket().emitWithAck("join-chat", pair.chatId()).getBoolean("ok"));

            assertTrue(pair.clientSocket().emitWithAck("typing-start", Rest.json("chatId", pair.chatId())).getBoolean("ok"));
            JSONObject typing = pair.providerSocket().nextObject("user-typing");
            assertEquals(pair.client(), typing.getString("userId"));
            assertEquals(pair.chatId(), typing.getString("chatId"));
            assertTrue(typing.getBoolean("isTyping"));

            pair.clientSocket().emitWithAck("typing-stop", Rest.json("roomId", pair.chatId(), "userId", pair.client()));
            assertFalse(pair.providerSocket().nextObject("user-typing").getBoolean("isTyping"));
            assertNull(pair.clientSocket().poll("user-typing", 300), "never echoed to the typist");

            assertEquals("FORBIDDEN", outsider.emitWithAck("typing-start", Rest.json("chatId", pair.chatId())).getJSONObject("error").getString("code"));
            assertEquals("FORBIDDEN", pair.clientSocket().emitWithAck("typing-start", Rest.json("roomId", pair.chatId(), "userId", pair.provider()))
                    .getJSONObject("error").getString("code"));
            assertEquals("FORBIDDEN", pair.clientSocket().emitWithAck("typing-start", Rest.json("chatId", pair.chatId(), "userId", pair.provider()))
                    .getJSONObject("error").getString("code"), "someone else's id beside a chatId too");
            assertEquals("BAD_REQUEST", pair.clientSocket().emitWithAck("typing-start", Rest.json("chatId", pair.chatId(), "userId", 7))
                    .getJSONObject("error").getString("code"));
            assertNull(pair.providerSocket().poll("user-typing", 300));
            assertTrue(pair.clientSocket().emitWithAck("typing-start", Rest.json("chatId", pair.chatId(), "userId", pair.client())).getBoolean("ok"));
            assertEquals(pair.client(), pair.providerSocket().nextObject("user-typing").getString("userId"));
        }
    }

    @Test
    void markingMessagesReadTellsTheRoomAndTheSenderAndClearsUnreadCounts() throws Exception {
        try (Pair pair = pair()) {
            sendMessage(pair.clientSocket(), pair.chatId(), "one");
            sendMessage(pair.clientSocket(), pair.chatId(), "two");
            assertEquals(2, unreadCount(pair.provider(), pair.chatId()));

            assertTrue(pair.providerSocket().emitWithAck("join-chat", pair.chatId()).getBoolean("ok"));
            JSONObject ack = pair.providerSocket().emitWithAck("mark-messages-read", Rest.json("chatId", pair.chatId()));
            assertEquals(2, ack.getInt("count"));
            JSONObject toSender = pair.clientSocket().nextObject("messages-read");
            assertEquals(pair.provider(), toSender.getString("userId"));
            assertEquals(pair.chatId(), toSender.getString("chatId"));
            assertEquals(0, unreadCount(pair.provider(), pair.chatId()));
            assertTrue(history(pair.chatId(), pair.client(), "").getJSONObject(0).getBoolean("isRead"));
            JSONObject last = listed(pair.provider(), pair.chatId()).getJSONObject("lastMessage");
            assertTrue(last.getBoolean("isRead"), "the chat list's last message shows it read: " + last);
            assertFalse(last.isNull("readAt"));
        }
    }

    @Test
    void readingBeforeJoiningDeliversTooSoNoMessageIsReadBeforeItWasDelivered() throws Exception {
        String client = Ids.newId();
        String provider = Ids.newId();
        try (SocketClient clientSocket = SocketClient.connected(stack, client, "client")) {
            String chatId = Rest.openChat(stack, provider, "provider", client); // the provider has never connected
            assertTrue(clientSocket.emitWithAck("join-chat", chatId).getBoolean("ok"));
            sendMessage(clientSocket, chatId, "one");
            sendMessage(clientSocket, chatId, "two");
            try (SocketClient providerSocket = SocketClient.connected(stack, provider, "provider")) {
                assertEquals(2, providerSocket.emitWithAck("mark-messages-read", Rest.json("chatId", chatId)).getInt("count"));

                JSONObject delivered = clientSocket.nextObject("messages-delivered");
                assertEquals(provider, delivered.getString("userId"));
                assertEquals(2, delivered.getJSONArray("messageIds").length());
                assertEquals(provider, clientSocket.nextObject("messages-read").getString("userId"));
                JSONArray stored = history(chatId, client, "");
                for (int i = 0; i < stored.length(); i++) {
                    JSONObject message = stored.getJSONObject(i);
                    assertTrue(message.getBoolean("delivered") && message.getBoolean("isRead"), message.toString());
                    assertEquals(message.getString("readAt"), message.getString("deliveredAt"), message.toString());
                }

                assertTrue(providerSocket.emitWithAck("join-chat", chatId).getBoolean("ok"));
                assertNull(clientSocket.poll("messages-delivered", 300), "nothing left to deliver");
                assertEquals(stored.toString(), history(chatId, client, "").toString(), "joining changed nothing");
            }
        }
    }

    @Test
    void historyPagesNewestFirstAndOnlyForParticipants() throws Exception {
        try (Pair pair = pair()) {
            for (int i = 0; i < 5; i++) {
                sendMessage(pair.clientSocket(), pair.chatId(), "m" + i);
            }
            JSONArray page1 = history(pair.chatId(), pair.client(), "?limit=2");
            assertEquals(List.of("m4", "m3"), contents(page1));
            JSONArray page2 = history(pair.chatId(), pair.client(), "?limit=2&before=" + page1.getJSONObject(1).getString("_id"));
            assertEquals(List.of("m2", "m1"), contents(page2));
            assertEquals(403, Rest.get(stack, "/api/chats/" + pair.chatId() + "/messages", stack.token(Ids.newId(), "client")).status());
            assertEquals(404, Rest.get(stack, "/api/chats/" + Ids.newId() + "/messages", stack.token(pair.client(), "client")).status());
        }
    }

    @Test
    void aThousandMessagesSentQuicklyArriveAndAreStoredInSendOrder() throws Exception {
        try (Pair pair = pair()) {
            assertTrue(pair.providerSocket().emitWithAck("join-chat", pair.chatId()).getBoolean("ok"));
            int count = 1000;
            for (int i = 0; i < count; i++) {
                pair.clientSocket().emit("send-message", Rest.json("chatId", pair.chatId(), "content", "#" + i));
            }
            List<String> arrived = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                arrived.add(((JSONObject) pair.providerSocket().next("new-message")).getString("content"));
            }
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                expected.add("#" + i);
            }
            assertEquals(expected, arrived);
            List<String> stored = new ArrayList<>();
            String before = "";
            for (int page = 0; page < 10; page++) {
                JSONArray messages = history(pair.chatId(), pair.client(), "?limit=100" + before);
                stored.addAll(0, reversed(contents(messages)));
                before = "&before=" + messages.getJSONObject(messages.length() - 1).getString("_id");
            }
            assertEquals(expected, stored);
        }
    }

    @Test
    void messagesToAUserWhoAppearedOfflineAndThenLeftAreNotRecordedDelivered() throws Exception {
        try (Pair pair = pair()) {
            assertTrue(pair.providerSocket().emitWithAck("set-online-status", Rest.json("userId", pair.provider(), "isOnline", false)).getBoolean("ok"));
            // pushed after the gateway took note of the change, so what it learns about the provider next is newer
            await().atMost(Duration.ofSeconds(10)).until(() -> !pair.providerSocket().nextObject("user-status-changed").getBoolean("isOnline"));
            JSONObject whileConnected = sendMessage(pair.clientSocket(), pair.chatId(), "you are hiding, but connected");
            assertTrue(whileConnected.getJSONObject("message").getBoolean("delivered"));
            pair.providerSocket().close();
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    !sendMessage(pair.clientSocket(), pair.chatId(), "and now?").getJSONObject("message").getBoolean("delivered"));
        }
    }

    @Test
    void aUsersStatusReachesEveryoneTheyShareAChatWith() throws Exception {
        try (Pair pair = pair()) {
            pair.providerSocket().drained("user-status-changed");
            pair.clientSocket().close();
            JSONObject status = pair.providerSocket().nextObject("user-status-changed");
            assertEquals(pair.client(), status.getString("userId"));
            assertFalse(status.getBoolean("isOnline"));
        }
    }

    /** The chat's {@code unreadCount} in the user's {@code GET /api/chats}. */
    private long unreadCount(String user, String chatId) throws Exception {
        JSONObject chat = listed(user, chatId);
        assertTrue(chat.has("lastMessage"));
        return chat.getLong("unreadCount");
    }

    /** The chat as {@code GET /api/chats} lists it for the user. */
    private JSONObject listed(String user, String chatId) throws Exception {
        JSONArray chats = Rest.get(stack, "/api/chats", stack.token(user, "provider")).array();
        for (int i = 0; i < chats.length(); i++) {
            if (chats.getJSONObject(i).getString("_id").equals(chatId)) {
                return chats.getJSONObject(i);
            }
        }
        throw new AssertionError("chat " + chatId + " not listed for " + user);
    }

    private static List<String> contents(JSONArray messages) throws Exception {
        List<String> contents = new ArrayList<>();
        for (int i = 0; i < messages.length(); i++) {
            contents.add(messages.getJSONObject(i).getString("content"));
        }
        return contents;
    }

    private static List<String> reversed(List<String> list) {
        List<String> copy = new ArrayList<>(list);
        Collections.reverse(copy);
        return copy;
    }

    private List<String> submittedContents(String chatId) {
        return TestLog.records(stack, Topic.CHAT_ACTIONS).stream()
                .filter(e -> e.payload() instanceof MessageSubmitted submitted && chatId.equals(submitted.chatId()))
                .map(e -> ((MessageSubmitted) e.payload()).content())
                .toList();
    }
}
