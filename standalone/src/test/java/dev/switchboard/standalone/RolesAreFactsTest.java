package dev.switchboard.standalone;

import dev.switchboard.events.Ids;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The attacks of issue 13 on roles and ids, each refused with its code and nothing stored. */
class RolesAreFactsTest {
    private final TestStack stack = TestStack.shared();

    private static void assertRefused(int status, String code, Rest.Response response) throws Exception {
        assertEquals(status, response.status(), response.text());
        assertEquals(code, response.body().getJSONObject("error").getString("code"), response.text());
    }

    private Rest.Response openChat(String requester, String role, String participant) {
        return Rest.send(stack, "POST", "/api/chats", stack.token(requester, role), Rest.json("participantId", participant));
    }

    private Rest.Response register(String token, String userId, String role) {
        return Rest.send(stack, "POST", "/api/users", token, Rest.json("userId", userId, "role", role));
    }

    private int chatsOf(String userId, String role) throws Exception {
        return Rest.get(stack, "/api/chats", stack.token(userId, role)).array().length();
    }

    @Test
    void aChatWithAUserNobodyVouchedForIsNotFoundAndNothingIsStored() throws Exception {
        String client = Ids.newId();

        assertRefused(404, "NOT_FOUND", openChat(client, "client", Ids.newId()));
        assertEquals(0, chatsOf(client, "client"));
    }

    @Test
    void aParticipantIdThatIsNotAnIdIsABadRequest() throws Exception {
        assertRefused(400, "BAD_REQUEST", openChat(Ids.newId(), "client", "not-an-id"));
    }

    @Test
    void theIdentityServiceRegistersAUserWhoThenCanBeChattedWithButOnlyAServiceMayRegister() throws Exception {
        String client = Ids.newId();
        String provider = Ids.newId();

        assertRefused(403, "FORBIDDEN", register(stack.token(client, "client"), provider, "provider"));
        assertRefused(400, "BAD_REQUEST", register(stack.token("identity-service", "service"), provider, "superuser"));
        assertRefused(400, "BAD_REQUEST", register(stack.token("identity-service", "service"), "nope", "provider"));
        assertEquals(202, register(stack.token("identity-service", "service"), provider, "provider").status());

        await().atMost(Duration.ofSeconds(10)).until(() -> openChat(client, "client", provider).status() == 201);
    }

    @Test
    void aSecondTokenWithAnotherRoleCannotTurnAChatIntoAClientToClientOne() throws Exception {
        String client = Ids.newId();
        String provider = Ids.newId();
        assertEquals(202, register(stack.token("identity-service", "service"), provider, "provider").status());
        String[] chatId = new String[1];
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            Rest.Response opened = openChat(client, "client", provider);
            chatId[0] = opened.status() == 201 ? opened.body().getString("_id") : null;
            return chatId[0] != null;
        });

        try (SocketClient asClient = SocketClient.connected(stack, provider, "client")) {
            JSONObject ack = asClient.emitWithAck("send-message", Rest.json("chatId", chatId[0], "content", "I am a client now"));

            assertEquals("RULE_VIOLATION", ack.getJSONObject("error").getString("code"), ack.toString());
        }
        Rest.Response history = Rest.get(stack, "/api/chats/" + chatId[0] + "/messages", stack.token(client, "client"));
        assertEquals(0, history.body().getJSONArray("messages").length());
    }

    @Test
    void anAssigneeMustBeAnAdminAndCanBeCleared() throws Exception {
        String owner = Ids.newId();
        String admin = Ids.newId();
        String adminToken = stack.token(admin, "admin");
        Rest.Response opened = Rest.send(stack, "POST", "/api/support/tickets", stack.token(owner, "client"), Rest.json("subject", "help", "message", "hi"));
        assertEquals(201, opened.status(), opened.text());
        String path = "/api/support/tickets/" + opened.body().getString("_id");

        assertRefused(400, "BAD_REQUEST", Rest.send(stack, "PATCH", path, adminToken, Rest.json("assignee", owner)));
        assertRefused(404, "NOT_FOUND", Rest.send(stack, "PATCH", path, adminToken, Rest.json("assignee", Ids.newId())));
        assertRefused(400, "BAD_REQUEST", Rest.send(stack, "PATCH", path, adminToken, Rest.json("assignee", "not-an-id")));
        Rest.Response assigned = Rest.send(stack, "PATCH", path, adminToken, Rest.json("assignee", admin));
        assertEquals(200, assigned.status(), assigned.text());
        assertEquals(admin, assigned.body().getString("assignee"));

        Rest.Response cleared = Rest.send(stack, "PATCH", path, adminToken, new JSONObject("{\"assignee\":null}"));
        assertEquals(200, cleared.status(), cleared.text());
        assertTrue(cleared.body().isNull("assignee"), cleared.text());
    }
}
