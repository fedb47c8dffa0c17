package dev.switchboard.standalone;

import dev.switchboard.events.Ids;
import dev.switchboard.gateway.auth.Role;
import dev.switchboard.gateway.auth.Tokens;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import io.socket.client.IO;
import org.awaitility.Awaitility;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SocketAuthenticationTest {
    private final TestStack stack = TestStack.shared();

    private String refusalFor(IO.Options options) {
        try (SocketClient client = SocketClient.open(stack.socketUrl(), options)) {
            return client.awaitRefusal();
        }
    }

    private static IO.Options authToken(String token) {
        IO.Options options = new IO.Options();
        options.auth = Map.of("token", token);
        return options;
    }

    @Test
    void refusesAClientThatSendsNoTokenAtAll() throws Exception {
        assertEquals("unauthorized", refusalFor(new IO.Options()));
    }

    @Test
    void refusesAMalformedToken() throws Exception {
        assertEquals("unauthorized", refusalFor(authToken("not-a-jwt")));
    }

    @Test
    void refusesATokenSignedWithAnotherSecret() throws Exception {
        String forged = new Tokens("another-secret-that-is-long-enough-for-hs256-000").mint(Ids.newId(), Role.CLIENT, null, null, Duration.ofHours(1));
        assertEquals("unauthorized", refusalFor(authToken(forged)));
    }

    @Test
    void refusesAnExpiredToken() throws Exception {
        String expired = stack.tokens().mint(Ids.newId(), Role.CLIENT, null, null, Duration.ofSeconds(-10));
        assertEquals("unauthorized", refusalFor(authToken(expired)));
    }

    @Test
    void aConnectionWhoseTokenExpiresIsToldAndDisconnectedAndAFreshTokenConnectsAgain() throws Exception {
        String user = Ids.newId();
        String shortLived = stack.tokens().mint(user, Role.CLIENT, "Short", null, Duration.ofSeconds(2));
        try (SocketClient client = SocketClient.withToken(stack.socketUrl(), shortLived).awaitConnected()) {
            assertTrue(client.emitWithAck("user-join", user).getBoolean("ok"));

            JSONObject told = client.nextObject("socket-error");

            assertEquals("token", told.getString("event"));
            assertEquals("UNAUTHORIZED", told.getString("code"));
            assertTrue(told.getString("message").contains("expired"), told.toString());
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !client.isConnected());
        }
        try (SocketClient again = SocketClient.connected(stack, user, "client")) {
            assertTrue(again.emitWithAck("user-join", user).getBoolean("ok"));
        }
    }

    @Test
    void refusesATokenWithoutARole() throws Exception {
        String noRole = Jwts.builder().subject(Ids.newId()).expiration(Date.from(Instant.now().plusSeconds(600)))
                .signWith(Keys.hmacShaKeyFor(TestStack.SECRET.getBytes(StandardCharsets.UTF_8))).compact();
        assertEquals("unauthorized", refusalFor(authToken(noRole)));
    }

    @Test
    void refusesABadQueryTokenEvenWithoutAnAuthObject() throws Exception {
        IO.Options options = new IO.Options();
        options.query = "token=bad";
        assertEquals("unauthorized", refusalFor(options));
    }

    @Test
    void refusesABrowserPageFromAnOriginThatIsNotAllowed() throws Exception {
        IO.Options options = authToken(stack.token(Ids.newId(), "client"));
        options.extraHeaders = Map.of("Origin", List.of("https://evil.example"));
        try (SocketClient client = SocketClient.open(stack.socketUrl(), options)) {
            client.awaitRefusal();
        }
    }

    @Test
    void restAnswersNoCorsHeadersToAnOriginThatIsNotAllowed() throws Exception {
        var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(stack.httpUrl() + "/api/users/" + Ids.newId() + "/presence"))
                .header("Authorization", "Bearer " + stack.token(Ids.newId(), "client"))
                .header("Origin", "https://evil.example").build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(response.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
    }

    private HttpResponse<String> poll(String query, String method, String body, String cookie) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(stack.socketUrl() + "/socket.io/?EIO=4&transport=polling" + query))
                .timeout(Duration.ofSeconds(5));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String sidOf(String openPacket) throws Exception {
        return new JSONObject(openPacket.substring(openPacket.indexOf('{'))).getString("sid");
    }

    /** A token with many claims, as an identity provider's group claims make it: about {@code kib} KiB. */
    private static String tokenOfAbout(int kib, String user) {
        return Jwts.builder().subject(user).claim("role", "client").claim("groups", "g".repeat(kib * 1024))
                .expiration(Date.from(Instant.now().plusSeconds(600)))
                .signWith(Keys.hmacShaKeyFor(TestStack.SECRET.getBytes(StandardCharsets.UTF_8))).compact();
    }

    private HttpResponse<String> pollWithAuthorization(String query, String method, String body, String token) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(stack.socketUrl() + "/socket.io/?EIO=4&transport=polling" + query))
                .timeout(Duration.ofSeconds(5)).header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aLongTokenInTheAuthorizationHeaderConnectsOverLongPollingAsOverRest() throws Exception {
        String token = tokenOfAbout(12, Ids.newId());
        String sid = sidOf(pollWithAuthorization("", "GET", null, token).body());
        assertEquals(200, pollWithAuthorization("&sid=" + sid, "POST", "40", token).statusCode());

        String answer = pollWithAuthorization("&sid=" + sid, "GET", null, token).body();

        assertTrue(answer.startsWith("40{"), "connected: " + answer);
    }

    @Test
    void headersOverTheLimitAreAnsweredWithAJsonErrorInsteadOfLeftWaiting() throws Exception {
        HttpResponse<String> refused = pollWithAuthorization("", "GET", null, tokenOfAbout(40, Ids.newId()));

        assertEquals(431, refused.statusCode());
        assertEquals("BAD_REQUEST", new JSONObject(refused.body()).getJSONObject("error").getString("code"));
    }

    @Test
    void aClientCannotChooseItsSessionIdWithACookie() throws Exception {
        String chosen = "11111111-1111-1111-1111-111111111111";
        assertTrue(!sidOf(poll("", "GET", null, "io=" + chosen).body()).equals(chosen));
    }

    @Test
    void acceptsTheTokenFromTheAuthObject() throws Exception {
        try (SocketClient client = SocketClient.open(stack.socketUrl(), authToken(stack.token(Ids.newId(), "client")))) {
            client.awaitConnected();
            assertTrue(client.isConnected());
        }
    }

    @Test
    void acceptsTheTokenFromTheQuery() throws Exception {
        IO.Options options = new IO.Options();
        options.query = "token=" + stack.token(Ids.newId(), "provider");
        try (SocketClient client = SocketClient.open(stack.socketUrl(), options)) {
            client.awaitConnected();
            assertTrue(client.isConnected());
        }
    }

    @Test
    void acceptsTheTokenFromTheAuthorizationHeader() throws Exception {
        IO.Options options = new IO.Options();
        options.extraHeaders = Map.of("Authorization", List.of("Bearer " + stack.token(Ids.newId(), "admin")));
        try (SocketClient client = SocketClient.open(stack.socketUrl(), options)) {
            client.awaitConnected();
            assertTrue(client.isConnected());
        }
    }
}
