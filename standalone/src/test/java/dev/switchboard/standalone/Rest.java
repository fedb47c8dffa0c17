package dev.switchboard.standalone;

import org.awaitility.Awaitility;
import org.json.JSONArray;
import org.json.JSONException;
import org.json.JSONObject;
import org.junit.jupiter.api.Assertions;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A tiny REST client for tests. */
final class Rest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    record Response(int status, String text) {
        JSONObject body() {
            try {
                return text == null || text.isBlank() ? new JSONObject() : new JSONObject(text);
            } catch (JSONException e) {
                throw new AssertionError("not a JSON object: " + text, e);
            }
        }

        JSONArray array() {
            try {
                return new JSONArray(text);
            } catch (JSONException e) {
                throw new AssertionError("not a JSON array: " + text, e);
            }
        }
    }

    static Response get(TestStack stack, String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.httpUrl() + path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    /** A JSON request with a Bearer token. */
    static Response send(TestStack stack, String method, String path, String token, JSONObject body) {
        return send(HttpRequest.newBuilder(URI.create(stack.httpUrl() + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body.toString())).build());
    }

    /** Opens (or returns) the chat of {@code requester} with {@code participant}, retrying until the requester's role is known. */
    static String openChat(TestStack stack, String requester, String role, String participant) {
        String[] id = new String[1];
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            Response response = send(stack, "POST", "/api/chats", stack.token(requester, role), json("participantId", participant));
            id[0] = response.status() < 300 ? response.body().getString("_id") : null;
            return id[0] != null;
        });
        return id[0];
    }

    /** Opens a ticket of {@code owner} (a client) and returns its id. */
    static String openTicket(TestStack stack, String owner, String subject, String message) throws Exception {
        Response opened = send(stack, "POST", "/api/support/tickets", stack.token(owner, "client"), json("subject", subject, "message", message));
        Assertions.assertEquals(201, opened.status(), opened.text());
        return opened.body().getString("_id");
    }

    /** A 400 with the contract's error body, code {@code BAD_REQUEST}, whose message contains {@code messagePart}. */
    static void assertBadRequest(Response response, String messagePart) throws Exception {
        Assertions.assertEquals(400, response.status(), response.text());
        JSONObject error = response.body().getJSONObject("error");
        Assertions.assertEquals("BAD_REQUEST", error.getString("code"), response.text());
        Assertions.assertTrue(error.getString("message").contains(messagePart), response.text());
    }

    /** One media item of a chat message (null fields left out, as a client would). */
    static JSONObject media(Object url, Object type, Object name, Object size) throws JSONException {
        return new JSONObject().put("url", url).put("type", type).put("name", name).put("size", size);
    }

    /** A JSON object from key/value pairs. */
    static JSONObject json(Object... keyValues) {
        try {
            JSONObject json = new JSONObject();
            for (int i = 0; i < keyValues.length; i += 2) {
                json.put((String) keyValues[i], keyValues[i + 1]);
            }
            return json;
        } catch (JSONException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private Rest() {
    }
}
