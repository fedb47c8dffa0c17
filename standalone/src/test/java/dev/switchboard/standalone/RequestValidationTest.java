package dev.switchboard.standalone;

import dev.switchboard.events.Ids;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Request records are validated before anything is recorded; every refusal is a 400 with the contract's error body. */
class RequestValidationTest {
    private final TestStack stack = TestStack.shared();


    private Rest.Response raw(String method, String path, String token, String body) {
        return Rest.send(HttpRequest.newBuilder(URI.create(stack.httpUrl() + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body)).build());
    }

    @Test
    void aMissingOrMistypedFieldIsABadRequestNamingTheField() throws Exception {
        String client = stack.token(Ids.newId(), "client");
        Rest.assertBadRequest(Rest.send(stack, "POST", "/api/chats", client, new JSONObject()), "participantId is required");
        Rest.assertBadRequest(Rest.send(stack, "POST", "/api/chats", client, Rest.json("participantId", "  ")), "participantId must be an id");
        Rest.assertBadRequest(Rest.send(stack, "POST", "/api/chats", client, Rest.json("participantId", "u".repeat(65))), "participantId must be an id");
        Rest.assertBadRequest(Rest.send(stack, "POST", "/api/chats", client, Rest.json("participantId", 42)), "malformed request body");
        Rest.assertBadRequest(Rest.send(stack, "PATCH", "/api/chats/" + Ids.newId(), client, Rest.json("status", true)), "malformed request body");
        Rest.assertBadRequest(Rest.send(stack, "PATCH", "/api/chats/" + Ids.newId(), client, new JSONObject()), "status is required");
    }

    @Test
    void aBodyThatIsNotJsonOrMissingIsABadRequest() throws Exception {
        String client = stack.token(Ids.newId(), "client");
        Rest.assertBadRequest(raw("POST", "/api/chats", client, "{not json"), "malformed request body");
        Rest.assertBadRequest(raw("POST", "/api/chats", client, ""), "malformed request body");
        Rest.assertBadRequest(raw("POST", "/api/support/tickets", client, "[1,2]"), "malformed request body");
    }

    @Test
    void notificationRequestsAreCheckedFieldByField() throws Exception {
        String service = stack.token("billing", "service");
        String user = Ids.newId();
        Rest.assertBadRequest(Rest.send(stack, "POST", "/api/notifications", service, Rest.json("userId", user, "type", "t", "title", "x")),
                "message is required");
        Rest.assertBadRequest(Rest.send(stack, "POST", "/api/notifications", service,
                Rest.json("userId", user, "type", "t", "title", "x".repeat(201), "message", "m")), "title is at most 200 characters");
        Rest.assertBadRequest(Rest.send(stack, "POST", "/api/notifications", service,
                Rest.json("userId", user, "type", "t", "title", "x", "message", "m", "data", "not an object")), "malformed request body");
        Rest.assertBadRequest(Rest.send(stack, "POST", "/api/notifications", service,
                Rest.json("userId", user, "type", "t", "title", "x", "message", "m", "idempotencyKey", "")), "idempotencyKey must be 1 to 128");
        assertEquals(0, Rest.get(stack, "/api/notifications", stack.token(user, "client")).body().getJSONArray("notifications").length(),
                "nothing was created");
    }

    @Test
    void aTicketChangeNeedsAStatusOrAnAssignee() throws Exception {
        String admin = stack.token(Ids.newId(), "admin");
        String path = "/api/support/tickets/" + Ids.newId();
        Rest.assertBadRequest(Rest.send(stack, "PATCH", path, admin, new JSONObject()), "status or assignee is required");
        Rest.assertBadRequest(Rest.send(stack, "PATCH", path, admin, Rest.json("assignee", " ")), "assignee must be an admin's id");
        Rest.assertBadRequest(Rest.send(stack, "PATCH", path, admin, Rest.json("assignee", "a".repeat(65))), "assignee must be an admin's id");
        Rest.assertBadRequest(Rest.send(stack, "PATCH", path, admin, Rest.json("status", 3)), "malformed request body");
    }

    @Test
    void theCallerIsCheckedBeforeTheBody() throws Exception {
        Rest.Response response = raw("POST", "/api/chats", "not-a-token", "{not json");
        assertEquals(401, response.status(), response.text());
        assertEquals("UNAUTHORIZED", response.body().getJSONObject("error").getString("code"));
    }
}
