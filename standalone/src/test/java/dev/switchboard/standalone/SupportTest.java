package dev.switchboard.standalone;

import dev.switchboard.embedded.FreePorts;
import dev.switchboard.events.Ids;
import dev.switchboard.gateway.GatewayApplication;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SupportTest {
    private final TestStack stack = TestStack.shared();

    private String openTicket(String owner) throws Exception {
        return Rest.openTicket(stack, owner, "Payment issue", "Hello, I need help with my payment issue");
    }

    /** {@code count} tickets of one client, oldest first. */
    private List<String> openTickets(String owner, int count) throws Exception {
        List<String> opened = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            opened.add(openTicket(owner));
        }
        return opened;
    }

    /** A new ticket of a client, with the client and an admin connected and both in its room. */
    private record TicketRoom(String ticketId, String owner, String admin, SocketClient ownerSocket, SocketClient adminSocket)
            implements AutoCloseable {
        @Override
        public void close() {
            ownerSocket.close();
            adminSocket.close();
        }
    }

    private TicketRoom bothInTheTicketRoom() throws Exception {
        String owner = Ids.newId();
        String admin = Ids.newId();
        String ticketId = openTicket(owner);
        TicketRoom room = new TicketRoom(ticketId, owner, admin, SocketClient.connected(stack, owner, "client"),
                SocketClient.connected(stack, admin, "admin"));
        assertTrue(room.ownerSocket().emitWithAck("join-support-ticket", Rest.json("ticketId", ticketId)).getBoolean("ok"));
        assertTrue(room.adminSocket().emitWithAck("join-support-ticket", Rest.json("ticketId", ticketId)).getBoolean("ok"));
        return room;
    }

    @Test
    void supportMessagesArriveInTheExactContractShapeWithRolesNormalised() throws Exception {
        String owner = Ids.newId();
        String admin = Ids.newId();
        String ticketId = openTicket(owner);
        try (SocketClient ownerSocket = SocketClient.connected(stack, owner, "client");
             SocketClient adminSocket = SocketClient.connected(stack, admin, "admin")) {
            assertTrue(ownerSocket.emitWithAck("join-support-ticket", Rest.json("ticketId", ticketId)).getBoolean("ok"));
            assertTrue(adminSocket.emitWithAck("join-support-dashboard", JSONObject.NULL).getBoolean("ok"));

            JSONObject ack = ownerSocket.emitWithAck("support-message", Rest.json("ticketId", ticketId, "content", "Still waiting"));
            assertTrue(ack.getBoolean("ok"), ack.toString());

            JSONObject pushed = ownerSocket.nextObject("new-support-message");
            assertEquals(Set.of("event", "data"), keys(pushed));
            assertEquals("new-support-message", pushed.getString("event"));
            JSONObject data = pushed.getJSONObject("data");
            assertEquals(Set.of("_id", "ticket", "sender", "senderRole", "content", "messageType", "isRead", "readBy", "createdAt"), keys(data));
            assertEquals(ticketId, data.getString("ticket"));
            JSONObject sender = data.getJSONObject("sender");
            assertEquals(Set.of("_id", "fullName", "profilePhoto", "role"), keys(sender));
            assertEquals(owner, sender.getString("_id"));
            assertEquals("User " + owner, sender.getString("fullName"));
            assertEquals("https://example.com/" + owner + ".jpg", sender.getJSONObject("profilePhoto").getString("url"));
            assertEquals("client", sender.getString("role"));
            assertEquals("user", data.getString("senderRole"));
            assertEquals("Still waiting", data.getJSONObject("content").getString("text"));
            assertEquals(0, data.getJSONObject("content").getJSONArray("attachments").length());
            assertEquals("text", data.getString("messageType"));
            assertFalse(data.getBoolean("isRead"));
            assertEquals(0, data.getJSONArray("readBy").length());
            assertTrue(data.getString("createdAt").matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z"));
            assertEquals(data.getString("_id"), ack.getJSONObject("message").getString("_id"));

            JSONObject onDashboard = adminSocket.nextObject("new-support-message");
            assertEquals(data.getString("_id"), onDashboard.getJSONObject("data").getString("_id"));

            adminSocket.emitWithAck("join-support-ticket", Rest.json("ticketId", ticketId));
            JSONObject reply = adminSocket.emitWithAck("support-message", Rest.json("ticketId", ticketId, "content", "On it"));
            assertEquals("admin", reply.getJSONObject("message").getString("senderRole"));
        }
    }

    @Test
    void resendingTheSameClientMessageIdReturnsTheOriginalAndTheRoomSeesItOnce() throws Exception {
        try (TicketRoom room = bothInTheTicketRoom()) {
            JSONObject first = room.ownerSocket().emitWithAck("support-message",
                    Rest.json("ticketId", room.ticketId(), "content", "sent twice", "clientMessageId", "c-1"));
            JSONObject resent = room.ownerSocket().emitWithAck("support-message",
                    Rest.json("ticketId", room.ticketId(), "content", "sent twice", "clientMessageId", "c-1"));

            assertTrue(first.getBoolean("ok"), first.toString());
            assertTrue(resent.getBoolean("ok"), resent.toString());
            String id = first.getJSONObject("message").getString("_id");
            assertEquals(id, resent.getJSONObject("message").getString("_id"));
            assertEquals("c-1", resent.getJSONObject("message").getString("clientMessageId"));
            assertEquals(id, room.adminSocket().nextObject("new-support-message").getJSONObject("data").getString("_id"));
            assertNull(room.adminSocket().poll("new-support-message", 500), "the resend is not pushed to the room again");

            JSONArray messages = history(room.ticketId(), room.owner());
            int copies = 0;
            for (int i = 0; i < messages.length(); i++) {
                copies += messages.getJSONObject(i).getJSONObject("content").getString("text").equals("sent twice") ? 1 : 0;
            }
            assertEquals(1, copies, messages.toString());

            JSONObject other = room.ownerSocket().emitWithAck("support-message",
                    Rest.json("ticketId", room.ticketId(), "content", "another", "clientMessageId", "c-2"));
            assertFalse(id.equals(other.getJSONObject("message").getString("_id")), "another clientMessageId is another message");
            assertEquals("BAD_REQUEST", room.ownerSocket().emitWithAck("support-message",
                    Rest.json("ticketId", room.ticketId(), "content", "x", "clientMessageId", 42)).getJSONObject("error").getString("code"));
        }
    }

    @Test
    void readTrackingAddsReadersAndMarksReadOnceSomeoneElseReadIt() throws Exception {
        try (TicketRoom room = bothInTheTicketRoom()) {
            String messageId = room.ownerSocket().emitWithAck("support-message", Rest.json("ticketId", room.ticketId(), "content", "read me"))
                    .getJSONObject("message").getString("_id");

            assertTrue(room.ownerSocket().emitWithAck("mark-message-read", Rest.json("messageId", messageId)).getBoolean("ok"));
            assertFalse(history(room.ticketId(), room.owner()).getJSONObject(0).getBoolean("isRead"), "the sender's own read does not count");

            assertTrue(room.adminSocket().emitWithAck("mark-message-read", Rest.json("messageId", messageId)).getBoolean("ok"));
            JSONObject update = room.ownerSocket().nextObject("message-read-update");
            assertEquals(messageId, update.getString("messageId"));
            JSONObject stored = history(room.ticketId(), room.owner()).getJSONObject(0);
            assertTrue(stored.getBoolean("isRead"));
            assertEquals(2, stored.getJSONArray("readBy").length());
        }
    }

    @Test
    void outsidersCannotJoinPostReadHistoryOrAuditAndTheirAttemptIsAudited() throws Exception {
        String owner = Ids.newId();
        String outsider = Ids.newId();
        String ticketId = openTicket(owner);
        try (SocketClient intruder = SocketClient.connected(stack, outsider, "provider")) {
            assertEquals("FORBIDDEN", intruder.emitWithAck("join-support-ticket", Rest.json("ticketId", ticketId)).getJSONObject("error").getString("code"));
            assertEquals("FORBIDDEN", intruder.emitWithAck("support-message", Rest.json("ticketId", ticketId, "content", "sneaky"))
                    .getJSONObject("error").getString("code"));
            assertEquals("FORBIDDEN", intruder.emitWithAck("join-support-dashboard", JSONObject.NULL).getJSONObject("error").getString("code"));
            assertEquals("FORBIDDEN", intruder.emitWithAck("support-typing-start", Rest.json("ticketId", ticketId)).getJSONObject("error").getString("code"));
        }
        assertEquals(403, Rest.get(stack, "/api/support/tickets/" + ticketId + "/messages", stack.token(outsider, "provider")).status());
        assertEquals(403, Rest.get(stack, "/api/support/tickets/" + ticketId + "/audit", stack.token(outsider, "provider")).status());
        assertEquals(403, Rest.send(stack, "PATCH", "/api/support/tickets/" + ticketId, stack.token(owner, "client"), Rest.json("status", "closed")).status());
        assertEquals(1, history(ticketId, owner).length(), "only the first message is stored");

        JSONArray events = Rest.get(stack, "/api/support/tickets/" + ticketId + "/audit", stack.token(Ids.newId(), "admin")).body().getJSONArray("events");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < events.length(); i++) {
            JSONObject event = events.getJSONObject(i);
            lines.add(event.getString("kind") + " " + event.getString("type") + " " + event.getJSONObject("actor").optString("userId"));
        }
        assertEquals("action TicketOpened " + owner, lines.get(0));
        assertEquals("outcome TicketCreated " + owner, lines.get(1));
        assertTrue(lines.contains("action SupportMessageSubmitted " + outsider), lines.toString());
        assertTrue(lines.contains("action TicketJoinRequested " + outsider), lines.toString());
        assertTrue(lines.stream().filter(line -> line.startsWith("outcome SupportActionRejected")).count() >= 2, lines.toString());
        assertTrue(events.getJSONObject(0).getString("occurredAt").endsWith("Z"));
        assertEquals("Payment issue", events.getJSONObject(0).getJSONObject("payload").getString("subject"));
    }

    @Test
    void aJoinTheConnectionHasNoRoomForIsRefusedUnrecordedAndLeavingARoomMakesRoom() throws Exception {
        String owner = Ids.newId();
        String admin = Ids.newId();
        String first = openTicket(owner);
        String second = openTicket(owner);
        int socketPort = FreePorts.find();
        Map<String, Object> settings = stack.gatewaySettings("two-rooms-" + admin, socketPort, FreePorts.find());
        settings.put("MAX_ROOMS_PER_CONNECTION", 2);
        try (ConfigurableApplicationContext gateway = GatewayApplication.builder(settings).run();
             SocketClient agent = SocketClient.withToken("http://127.0.0.1:" + socketPort, stack.token(admin, "admin")).awaitConnected()) {
            assertTrue(agent.emitWithAck("join-support-dashboard", JSONObject.NULL).getBoolean("ok"));
            assertTrue(agent.emitWithAck("join-support-ticket", Rest.json("ticketId", first)).getBoolean("ok"));

            JSONObject full = agent.emitWithAck("join-support-ticket", Rest.json("ticketId", second));
            assertEquals("RATE_LIMITED", full.getJSONObject("error").getString("code"), full.toString());

            assertTrue(agent.emitWithAck("leave-support-dashboard", JSONObject.NULL).getBoolean("ok"));
            assertTrue(agent.emitWithAck("join-support-ticket", Rest.json("ticketId", second)).getBoolean("ok"), "the dashboard's place is free");
            assertTrue(agent.emitWithAck("leave-support-ticket", Rest.json("ticketId", first)).getBoolean("ok"));
            Rest.send(stack, "PATCH", "/api/support/tickets/" + first, stack.token(admin, "admin"), Rest.json("status", "pending"));
            Rest.send(stack, "PATCH", "/api/support/tickets/" + second, stack.token(admin, "admin"), Rest.json("status", "pending"));
            assertEquals(second, agent.nextObject("support-ticket-updated").getJSONObject("ticket").getString("_id"),
                    "the ticket left pushes nothing more; the one joined does");
        }
        String auditor = stack.token(Ids.newId(), "admin");
        await().atMost(Duration.ofSeconds(10)).until(() -> auditLines(second, auditor).contains("outcome TicketChanged " + admin));
        List<String> lines = auditLines(second, auditor);
        assertEquals(1, lines.stream().filter(line -> line.equals("action TicketJoinRequested " + admin)).count(),
                "only the join carried out is recorded: " + lines);
    }

    private List<String> auditLines(String ticketId, String adminToken) throws Exception {
        JSONArray events = Rest.get(stack, "/api/support/tickets/" + ticketId + "/audit", adminToken).body().getJSONArray("events");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < events.length(); i++) {
            JSONObject event = events.getJSONObject(i);
            lines.add(event.getString("kind") + " " + event.getString("type") + " " + event.getJSONObject("actor").optString("userId"));
        }
        return lines;
    }

    @Test
    void aFileMessageCarriesItsAttachmentsToTheRoomTheDashboardAndHistory() throws Exception {
        try (TicketRoom room = bothInTheTicketRoom()) {
            room.adminSocket().emitWithAck("join-support-dashboard", JSONObject.NULL);
            JSONObject content = new JSONObject().put("text", "my invoice")
                    .put("attachments", new JSONArray().put("https://files.example.com/invoice.pdf").put(Rest.json("url", "https://files.example.com/receipt.png", "name", "receipt.png")));
            JSONObject ack = room.ownerSocket().emitWithAck("support-message", Rest.json("ticketId", room.ticketId(), "content", content, "messageType", "document"));
            assertTrue(ack.getBoolean("ok"), ack.toString());
            String expected = "[\"https://files.example.com/invoice.pdf\",\"https://files.example.com/receipt.png\"]";
            assertEquals(expected, ack.getJSONObject("message").getJSONObject("content").getJSONArray("attachments").toString());
            assertEquals(expected, room.adminSocket().nextObject("new-support-message").getJSONObject("data").getJSONObject("content")
                    .getJSONArray("attachments").toString());
            assertEquals(expected, history(room.ticketId(), room.owner()).getJSONObject(0).getJSONObject("content").getJSONArray("attachments").toString());

            JSONObject imageOnly = room.ownerSocket().emitWithAck("support-message", Rest.json("ticketId", room.ticketId(),
                    "content", new JSONObject().put("attachments", new JSONArray().put("https://files.example.com/photo.jpg")), "messageType", "image"));
            assertTrue(imageOnly.getBoolean("ok"), "an image needs no text: " + imageOnly);

            for (Object bad : List.of("not an array", new JSONArray().put(7), new JSONArray().put(Rest.json("name", "no url")))) {
                JSONObject refused = room.ownerSocket().emitWithAck("support-message", Rest.json("ticketId", room.ticketId(),
                        "content", new JSONObject().put("text", "x").put("attachments", bad), "messageType", "file"));
                assertEquals("BAD_REQUEST", refused.getJSONObject("error").getString("code"), bad.toString());
            }
            JSONArray eleven = new JSONArray();
            for (int i = 0; i < 11; i++) {
                eleven.put("https://files.example.com/" + i);
            }
            JSONObject tooMany = room.ownerSocket().emitWithAck("support-message", Rest.json("ticketId", room.ticketId(),
                    "content", new JSONObject().put("text", "x").put("attachments", eleven), "messageType", "file"));
            assertEquals("at most 10 attachments", tooMany.getJSONObject("error").getString("message"));
            assertEquals(3, history(room.ticketId(), room.owner()).length(), "the first message, the document and the image");
        }
    }

    @Test
    void aClosedTicketRefusesMessagesAndStatusChangesReachTheRoomAndDashboard() throws Exception {
        String owner = Ids.newId();
        String admin = Ids.newId();
        String ticketId = openTicket(owner);
        try (SocketClient ownerSocket = SocketClient.connected(stack, owner, "client");
             SocketClient adminSocket = SocketClient.connected(stack, admin, "admin")) {
            ownerSocket.emitWithAck("join-support-ticket", Rest.json("ticketId", ticketId));
            adminSocket.emitWithAck("join-support-dashboard", JSONObject.NULL);

            Rest.Response closed = Rest.send(stack, "PATCH", "/api/support/tickets/" + ticketId, stack.token(admin, "admin"), Rest.json("status", "closed", "assignee", admin));
            assertEquals(200, closed.status(), closed.text());
            assertEquals("closed", closed.body().getString("status"));
            assertEquals(admin, closed.body().getString("assignee"));
            assertEquals("closed", ownerSocket.nextObject("support-ticket-updated").getJSONObject("ticket").getString("status"));
            assertEquals("closed", adminSocket.nextObject("support-ticket-updated").getJSONObject("ticket").getString("status"));

            JSONObject refused = ownerSocket.emitWithAck("support-message", Rest.json("ticketId", ticketId, "content", "hello?"));
            assertEquals("RULE_VIOLATION", refused.getJSONObject("error").getString("code"));
            assertEquals(400, Rest.send(stack, "PATCH", "/api/support/tickets/" + ticketId, stack.token(admin, "admin"), Rest.json("status", "archived")).status());
        }
        assertEquals(1, history(ticketId, owner).length());
    }

    @Test
    void ticketListsAreOwnForUsersAndAllForAdminsByStatus() throws Exception {
        String owner = Ids.newId();
        String ticketId = openTicket(owner);
        openTicket(Ids.newId());
        JSONArray own = Rest.get(stack, "/api/support/tickets", stack.token(owner, "client")).array();
        assertEquals(1, own.length());
        assertEquals(ticketId, own.getJSONObject(0).getString("_id"));
        assertEquals("open", own.getJSONObject(0).getString("status"));
        JSONArray all = Rest.get(stack, "/api/support/tickets?status=open", stack.token(Ids.newId(), "admin")).array();
        assertTrue(all.length() >= 2);
        assertEquals(403, Rest.send(stack, "POST", "/api/support/tickets", stack.token(Ids.newId(), "admin"), Rest.json("subject", "s", "message", "m")).status());
        assertEquals(400, Rest.send(stack, "POST", "/api/support/tickets", stack.token(owner, "client"), Rest.json("subject", "s")).status());
    }

    @Test
    void aSubjectOrMessageThatShowsNothingIsRefusedAsMissing() throws Exception {
        String owner = Ids.newId();
        String token = stack.token(owner, "client");
        Rest.assertBadRequest(Rest.send(stack, "POST", "/api/support/tickets", token, Rest.json("subject", "\u00a0", "message", "help")),
                "subject is required");
        Rest.assertBadRequest(Rest.send(stack, "POST", "/api/support/tickets", token, Rest.json("subject", "Refund", "message", "\u2007 ")),
                "content is required");
        String ticketId = openTicket(owner);
        try (SocketClient socket = SocketClient.connected(stack, owner, "client")) {
            JSONObject refused = socket.emitWithAck("support-message", Rest.json("ticketId", ticketId, "content", "\u00a0\u2003"));
            assertEquals("BAD_REQUEST", refused.getJSONObject("error").getString("code"), refused.toString());
        }
        assertEquals(1, history(ticketId, owner).length(), "only the opening message");
    }

    @Test
    void anEmptyStatusFilterListsEveryTicketAndAnUnknownStatusIsRefused() throws Exception {
        String owner = Ids.newId();
        String ticketId = openTicket(owner);
        String token = stack.token(owner, "client");

        JSONArray any = Rest.get(stack, "/api/support/tickets?status=", token).array();
        assertEquals(1, any.length());
        assertEquals(ticketId, any.getJSONObject(0).getString("_id"));
        for (String unknown : List.of("bogus", "OPEN", "open,closed")) {
            Rest.assertBadRequest(Rest.get(stack, "/api/support/tickets?status=" + unknown, stack.token(Ids.newId(), "admin")),
                    "status must be one of [open, pending, resolved, closed]");
        }
        Rest.assertBadRequest(Rest.get(stack, "/api/support/tickets?status=open&status=closed", token), "status must be one of");
    }

    @Test
    void ticketListsComeInPagesAfterAGivenTicketMostRecentlyActiveFirst() throws Exception {
        String owner = Ids.newId();
        List<String> opened = openTickets(owner, 5);
        List<String> newestFirst = new ArrayList<>(opened);
        Collections.reverse(newestFirst);
        String token = stack.token(owner, "client");
        List<String> paged = new ArrayList<>();
        String before = "";
        for (int page = 0; page < 3; page++) {
            JSONArray tickets = Rest.get(stack, "/api/support/tickets?limit=2&before=" + before, token).array();
            assertEquals(page < 2 ? 2 : 1, tickets.length(), "page " + page);
            for (int i = 0; i < tickets.length(); i++) {
                paged.add(tickets.getJSONObject(i).getString("_id"));
            }
            before = paged.get(paged.size() - 1);
        }
        assertEquals(newestFirst, paged);
        assertEquals(0, Rest.get(stack, "/api/support/tickets?before=" + before, token).array().length(), "nothing after the oldest");

        List<String> adminSaw = new ArrayList<>();
        String adminToken = stack.token(Ids.newId(), "admin");
        JSONArray page = Rest.get(stack, "/api/support/tickets?limit=3&before=" + opened.get(4), adminToken).array();
        for (int i = 0; i < page.length(); i++) {
            adminSaw.add(page.getJSONObject(i).getString("_id"));
        }
        assertEquals(List.of(opened.get(3), opened.get(2), opened.get(1)), adminSaw, "an admin pages through everyone's");

        String someoneElses = openTicket(Ids.newId());
        for (String query : List.of("limit=0", "limit=501", "limit=two", "before=not-an-id", "before=" + Ids.newId(), "before=" + someoneElses)) {
            Rest.Response refused = Rest.get(stack, "/api/support/tickets?" + query, token);
            assertEquals(400, refused.status(), query + ": " + refused.text());
            assertEquals("BAD_REQUEST", refused.body().getJSONObject("error").getString("code"), query);
        }
    }

    @Test
    void theNextPageWithTheLastTicketsUpdatedAtContinuesWhereThePageEndedEvenAfterThatTicketMovedToTheFront() throws Exception {
        String owner = Ids.newId();
        List<String> opened = openTickets(owner, 5);
        String token = stack.token(owner, "client");
        JSONArray first = Rest.get(stack, "/api/support/tickets?limit=2", token).array();
        JSONObject last = first.getJSONObject(1);
        assertEquals(opened.get(3), last.getString("_id"));
        assertEquals(200, Rest.send(stack, "PATCH", "/api/support/tickets/" + opened.get(3), stack.token(Ids.newId(), "admin"),
                Rest.json("status", "pending")).status());
        await().atMost(Duration.ofSeconds(10)).until(() -> Rest.get(stack, "/api/support/tickets?limit=1", token).array()
                .getJSONObject(0).getString("_id").equals(opened.get(3)));

        JSONArray second = Rest.get(stack, "/api/support/tickets?limit=2&before=" + last.getString("_id") + "&beforeUpdatedAt="
                + last.getString("updatedAt"), token).array();

        assertEquals(List.of(opened.get(2), opened.get(1)), List.of(second.getJSONObject(0).getString("_id"), second.getJSONObject(1).getString("_id")));
        for (String query : List.of("before=" + opened.get(3) + "&beforeUpdatedAt=yesterday", "beforeUpdatedAt=" + last.getString("updatedAt"))) {
            Rest.assertBadRequest(Rest.get(stack, "/api/support/tickets?" + query, token), "beforeUpdatedAt");
        }
    }

    @Test
    void supportTypingReachesTheOthersInTheTicketRoomOnly() throws Exception {
        try (TicketRoom room = bothInTheTicketRoom()) {
            assertTrue(room.adminSocket().emitWithAck("support-typing-start", Rest.json("ticketId", room.ticketId())).getBoolean("ok"));
            JSONObject typing = room.ownerSocket().nextObject("support-user-typing");
            assertEquals(room.admin(), typing.getString("userId"));
            assertEquals(room.ticketId(), typing.getString("ticketId"));
            assertTrue(typing.getBoolean("isTyping"));
            assertNull(room.adminSocket().poll("support-user-typing", 300));

            room.adminSocket().close();
            JSONObject stopped = room.ownerSocket().nextObject("support-user-typing");
            assertEquals(room.admin(), stopped.getString("userId"));
            assertFalse(stopped.getBoolean("isTyping"), "an agent whose connection closed while typing no longer types");
        }
    }

    @Test
    void theAuditOfATicketWithAThousandMessagesListsEveryEventInLogOrder() throws Exception {
        String owner = Ids.newId();
        String ticketId = openTicket(owner);
        try (SocketClient ownerSocket = SocketClient.connected(stack, owner, "client")) {
            ownerSocket.emitWithAck("join-support-ticket", Rest.json("ticketId", ticketId));
            for (int i = 0; i < 999; i++) {
                ownerSocket.emit("support-message", Rest.json("ticketId", ticketId, "content", "message " + i));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> history(ticketId, owner, "?limit=1").length() == 1
                    && Rest.get(stack, "/api/support/tickets/" + ticketId + "/messages?limit=100", stack.token(owner, "client")).body()
                    .getJSONArray("messages").getJSONObject(0).getJSONObject("content").getString("text").equals("message 998"));
        }
        // how long it takes is measured by bench/run.sh (docs/BENCHMARKS.md), not here. The audit index of a batch is
        // written after its read models (and before its outcomes are published, so an acked action is in it): await it
        String admin = stack.token(Ids.newId(), "admin");
        await().atMost(Duration.ofSeconds(30)).until(() -> Rest.get(stack, "/api/support/tickets/" + ticketId + "/audit", admin)
                .body().getJSONArray("events").length() == 2 + 999 * 2 + 1 * 2);
        Rest.Response audit = Rest.get(stack, "/api/support/tickets/" + ticketId + "/audit", admin);
        assertEquals(200, audit.status());
        JSONArray events = audit.body().getJSONArray("events");
        assertEquals(2 + 999 * 2 + 1 * 2, events.length());
        int sent = 0;
        for (int i = 0; i < events.length(); i += 2) {
            JSONObject action = events.getJSONObject(i);
            JSONObject outcome = events.getJSONObject(i + 1);
            assertEquals("action", action.getString("kind"), "event " + i);
            assertEquals("outcome", outcome.getString("kind"), "event " + (i + 1));
            assertEquals(action.getString("correlationId"), outcome.getString("correlationId"));
            if (action.getString("type").equals("SupportMessageSubmitted")) {
                assertEquals("message " + sent++, action.getJSONObject("payload").getString("content"), "the log's order is the send order");
            }
        }
        assertEquals(999, sent);
    }

    private static Set<String> keys(JSONObject json) {
        Set<String> keys = new HashSet<>();
        json.keys().forEachRemaining(key -> keys.add((String) key));
        return keys;
    }

    private JSONArray history(String ticketId, String user) throws Exception {
        return history(ticketId, user, "");
    }

    private JSONArray history(String ticketId, String user, String query) throws Exception {
        return Rest.get(stack, "/api/support/tickets/" + ticketId + "/messages" + query, stack.token(user, "client")).body().getJSONArray("messages");
    }
}
