package dev.switchboard.standalone;

import dev.switchboard.embedded.FreePorts;
import dev.switchboard.events.Ids;
import dev.switchboard.gateway.GatewayApplication;
import io.socket.client.IO;
import org.json.JSONObject;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo page and what it relies on: served at {@code /}, the development token endpoint on in standalone and off
 * (404) in a gateway by default, and the page's own origin allowed to open a socket on the other port.
 */
class DemoPageTest {
    private final TestStack stack = TestStack.shared();

    @Test
    void thePageAndTheSocketIoClientAreServedAtTheRoot() {
        Rest.Response page = Rest.get(stack, "/", null);
        assertEquals(200, page.status());
        assertTrue(page.text().contains("<title>Switchboard demo</title>"), page.text());
        Rest.Response client = Rest.get(stack, "/vendor/socket.io.min.js", null);
        assertEquals(200, client.status());
        assertTrue(client.text().startsWith("/*!\n * Socket.IO v4."), "the official client with its license header");
        assertEquals(200, Rest.get(stack, "/demo.js", null).status());
    }

    @Test
    void theVendoredClientIsTheBuildTheJavaScriptSuiteTests() throws Exception {
        Path root = Path.of("").toAbsolutePath().getParent();
        Path installed = root.resolve("e2e/node_modules/socket.io-client/dist/socket.io.min.js");
        Assumptions.assumeTrue(Files.isReadable(installed), "e2e/node_modules not installed (npm ci in e2e/)");
        Path vendored = root.resolve("gateway/src/main/resources/static/vendor/socket.io.min.js");
        assertEquals(-1L, Files.mismatch(installed, vendored),
                "copy e2e/node_modules/socket.io-client/dist/socket.io.min.js to " + vendored + " after updating socket.io-client");
    }

    @Test
    void standaloneSignsDevelopmentTokensThatTheApiAccepts() throws Exception {
        String userId = Ids.newId();
        Rest.Response minted = post(stack.httpUrl(), Rest.json("userId", userId, "role", "provider", "name", "Bob"));
        assertEquals(201, minted.status(), minted.text());
        JSONObject token = minted.body();
        assertEquals(userId, token.getString("userId"));
        assertEquals("provider", token.getString("role"));
        assertEquals("Bob", token.getString("name"));
        Rest.Response presence = Rest.get(stack, "/api/users/" + userId + "/presence", token.getString("token"));
        assertEquals(200, presence.status(), presence.text());

        Rest.Response generated = post(stack.httpUrl(), Rest.json("role", "client"));
        assertEquals(201, generated.status(), generated.text());
        assertEquals(24, generated.body().getString("userId").length(), "a new ObjectId when no userId is given");
    }

    @Test
    void aDevelopmentTokenRequestIsValidated() throws Exception {
        for (JSONObject bad : List.of(new JSONObject(), Rest.json("role", "root"), Rest.json("role", "client", "userId", "has space"))) {
            Rest.Response response = post(stack.httpUrl(), bad);
            assertEquals(400, response.status(), response.text());
            assertEquals("BAD_REQUEST", response.body().getJSONObject("error").getString("code"));
        }
    }

    @Test
    void aGatewayWithoutDemoTokensAnswersNotFoundWhateverTheBody() throws Exception {
        int httpPort = FreePorts.find();
        Map<String, Object> settings = stack.gatewaySettings("demo-tokens-off", FreePorts.find(), httpPort);
        try (ConfigurableApplicationContext gateway = GatewayApplication.builder(settings).run()) {
            String url = "http://127.0.0.1:" + httpPort;
            for (JSONObject body : List.of(Rest.json("role", "admin"), new JSONObject())) {
                Rest.Response refused = post(url, body);
                assertEquals(404, refused.status(), refused.text());
                assertEquals("NOT_FOUND", refused.body().getJSONObject("error").getString("code"));
            }
            assertEquals(200, Rest.send(HttpRequest.newBuilder(URI.create(url + "/")).GET().build()).status(),
                    "the page itself is there, for pasted tokens");
        }
    }

    @Test
    void thePagesOwnOriginMayOpenASocketOnTheOtherPort() {
        for (String origin : List.of(stack.httpUrl(), stack.httpUrl().replace("127.0.0.1", "localhost"))) {
            IO.Options options = new IO.Options();
            options.auth = Map.of("token", stack.token(Ids.newId(), "client"));
            options.extraHeaders = Map.of("Origin", List.of(origin));
            try (SocketClient client = SocketClient.open(stack.socketUrl(), options)) {
                client.awaitConnected();
            }
        }
    }

    private static Rest.Response post(String baseUrl, JSONObject body) {
        return Rest.send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/dev/tokens")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
    }
}
