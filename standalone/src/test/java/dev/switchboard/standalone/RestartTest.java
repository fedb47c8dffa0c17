package dev.switchboard.standalone;

import dev.switchboard.events.Ids;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** A stack of its own (not the shared one): stopped and started again on the same data directory. */
class RestartTest {

    @Test
    void presenceLastActiveSurvivesAStopAndStart(@TempDir Path dataDir) throws Exception {
        Map<String, Object> settings = TestStack.settings(dataDir);
        String user = Ids.newId();
        String lastActive;

        TestStack first = TestStack.start(settings);
        try {
            SocketClient client = SocketClient.connected(first, user, "client");
            await().atMost(Duration.ofSeconds(10)).until(() -> presence(first, user).getBoolean("isOnline"));
            client.close();
            await().atMost(Duration.ofSeconds(10)).until(() -> !presence(first, user).getBoolean("isOnline"));
            lastActive = presence(first, user).getString("lastActive");
        } finally {
            first.stop();
        }

        TestStack second = TestStack.start(settings);
        try {
            JSONObject after = presence(second, user);
            assertFalse(after.getBoolean("isOnline"));
            assertEquals(lastActive, after.getString("lastActive"));
        } finally {
            second.stop();
        }
    }

    private static JSONObject presence(TestStack stack, String user) throws Exception {
        return Rest.get(stack, "/api/users/" + user + "/presence", stack.token(Ids.newId(), "client")).body();
    }
}
