package dev.switchboard.standalone;

import dev.switchboard.events.Ids;
import dev.switchboard.gateway.auth.Role;
import dev.switchboard.gateway.auth.Tokens;
import org.json.JSONException;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code LOG_FORMAT=json}: the standalone stack in a process of its own (the logging of a JVM is set up once, and this
 * module's tests log as text), started as {@code java -jar} would start it, without the tests' logging configuration.
 */
class JsonLogsTest {

    @Test
    void everyLineIsJsonAndTheLinesOfAnActionsPathCarryItsCorrelationId(@TempDir Path dir) throws Exception {
        Map<String, Object> settings = TestStack.settings(dir.resolve("data"));
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", classpathWithoutTests(), StandaloneMain.class.getName());
        settings.forEach((name, value) -> builder.environment().put(name, String.valueOf(value)));
        builder.environment().put("LOG_FORMAT", "json");
        builder.environment().put("LOGGING_LEVEL_DEV_SWITCHBOARD", "DEBUG"); // the per-action lines are DEBUG
        Path out = dir.resolve("stdout.log");
        Process stack = builder.redirectOutput(out.toFile()).redirectError(dir.resolve("stderr.log").toFile()).start();
        try {
            String httpUrl = "http://127.0.0.1:" + settings.get("HTTP_PORT");
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
                if (!stack.isAlive()) {
                    throw new AssertionError("the stack exited: " + read(dir.resolve("stderr.log")) + read(out));
                }
                return ready(httpUrl);
            });
            // an action whose whole path goes through the log: recorded, applied, decided, published, answered
            String service = new Tokens(TestStack.SECRET).mint("billing", Role.SERVICE, null, null, Duration.ofMinutes(10));
            Rest.Response created = Rest.send(HttpRequest.newBuilder(URI.create(httpUrl + "/api/notifications"))
                    .header("Authorization", "Bearer " + service).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Rest.json("userId", Ids.newId(), "type", "t", "title", "hello", "message", "m")
                            .toString())).build());
            assertEquals(201, created.status(), created.text());

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                List<JSONObject> lines = jsonLines(out);
                String correlationId = lines.stream().filter(line -> line.optString("message").startsWith("recorded NotificationRequested"))
                        .map(line -> line.optString("correlationId")).findFirst().orElseThrow(() -> new AssertionError("no recorded line yet"));
                assertFalse(correlationId.isBlank(), "the gateway's line carries the correlation id");
                List<String> path = lines.stream().filter(line -> correlationId.equals(line.optString("correlationId")))
                        .map(line -> simpleName(line.optString("logger_name")) + ": " + line.optString("message")).toList();
                for (String expected : List.of("ActionRecorder: recorded NotificationRequested", "BatchApplier: applying NotificationRequested",
                        "BatchApplier: decided NotificationCreated", "UpdateListener: update NotificationCreated",
                        "Outcomes: outcome of NotificationRequested")) {
                    assertTrue(path.stream().anyMatch(line -> line.startsWith(expected)), "a line '" + expected + "…' among " + path);
                }
            });
        } finally {
            stack.destroy();
            if (!stack.waitFor(30, TimeUnit.SECONDS)) {
                stack.destroyForcibly();
            }
        }
        List<String> notJson = Files.readAllLines(out).stream().filter(line -> !line.isBlank() && parse(line).isEmpty()).toList();
        assertTrue(notJson.isEmpty(), "lines that are not JSON: " + notJson);
        assertTrue(jsonLines(out).stream().allMatch(line -> line.has("@timestamp") && line.has("level") && line.has("message")),
                "Logstash fields on every line");
    }

    private static boolean ready(String httpUrl) {
        try {
            return Rest.send(HttpRequest.newBuilder(URI.create(httpUrl + "/health")).timeout(Duration.ofSeconds(5)).GET().build()).status() == 200;
        } catch (RuntimeException | AssertionError notListeningYet) {
            return false;
        }
    }

    private static List<JSONObject> jsonLines(Path file) throws IOException {
        List<JSONObject> lines = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            parse(line).ifPresent(lines::add);
        }
        return lines;
    }

    private static Optional<JSONObject> parse(String line) {
        try {
            return line.startsWith("{") ? Optional.of(new JSONObject(line)) : Optional.empty();
        } catch (JSONException e) {
            return Optional.empty();
        }
    }

    private static String simpleName(String logger) {
        return logger.substring(logger.lastIndexOf('.') + 1);
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }

    /** This JVM's classpath less the test classes (and with them the tests' logback-test.xml). */
    private static String classpathWithoutTests() {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return Arrays.stream(classpath.split(File.pathSeparator)).filter(entry -> !entry.endsWith("test-classes"))
                .collect(Collectors.joining(File.pathSeparator));
    }
}
