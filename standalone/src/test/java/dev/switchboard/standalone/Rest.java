package dev.switchboard.standalone;

import org.json.JSONObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** A tiny REST client for tests. */
final class Rest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    record Response(int status, JSONObject body) {
    }

    static Response get(TestStack stack, String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(stack.httpUrl() + path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    static Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            return new Response(response.statusCode(), body == null || body.isBlank() ? new JSONObject() : new JSONObject(body));
        } catch (IOException | org.json.JSONException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private Rest() {
    }
}
