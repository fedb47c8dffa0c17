package dev.switchboard.standalone;

import org.json.JSONArray;
import org.json.JSONObject;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A steady stream of sends into one chat, each with its content as its {@code clientMessageId} ({@code m-0}, {@code
 * m-1}, ...), waiting for each answer: what the outage tests run while they stop a part of the stack. Records each
 * send's outcome ({@code ok} or the refusal's code) and the slowest answer.
 */
final class SendsDuringOutage implements AutoCloseable {
    private final Map<String, String> outcomeByContent = new ConcurrentHashMap<>();
    private final AtomicLong slowestAckMs = new AtomicLong();
    private final AtomicBoolean sending = new AtomicBoolean(true);
    private final Thread sender;

    private SendsDuringOutage(SocketClient socket, String chatId, Duration pause) {
        sender = new Thread(() -> {
            for (int i = 0; sending.get(); i++) {
                String content = "m-" + i;
                long started = System.nanoTime();
                JSONObject ack = socket.emitWithAckWithin("send-message",
                        Rest.json("chatId", chatId, "content", content, "clientMessageId", content), Duration.ofSeconds(60));
                slowestAckMs.accumulateAndGet((System.nanoTime() - started) / 1_000_000, Math::max);
                outcomeByContent.put(content, outcomeOf(ack));
                sleep(pause.toMillis());
            }
        }, "sends-during-outage");
        sender.setDaemon(true);
    }

    static SendsDuringOutage start(SocketClient socket, String chatId, Duration pause) {
        SendsDuringOutage sends = new SendsDuringOutage(socket, chatId, pause);
        sends.sender.start();
        return sends;
    }

    /** Whether a send after a refused one was acked: the stack takes sends again. */
    boolean okAfterARefusal() {
        return outcomeByContent.entrySet().stream().anyMatch(e -> e.getValue().equals("ok") && sentAfterARefusal(e.getKey()));
    }

    private boolean sentAfterARefusal(String content) {
        int number = number(content);
        return outcomeByContent.entrySet().stream().anyMatch(e -> !e.getValue().equals("ok") && number(e.getKey()) < number);
    }

    private static int number(String content) {
        return Integer.parseInt(content.substring(2));
    }

    /** Stops sending and waits for the answer to the last send. */
    @Override
    public void close() throws InterruptedException {
        sending.set(false);
        sender.join(70_000);
    }

    Map<String, String> outcomeByContent() {
        return outcomeByContent;
    }

    long slowestAckMs() {
        return slowestAckMs.get();
    }

    Map<String, Long> countByOutcome() {
        Map<String, Long> counts = new HashMap<>();
        outcomeByContent.values().forEach(code -> counts.merge(code, 1L, Long::sum));
        return counts;
    }

    /**
     * Every send was answered {@code ok} or {@code TIMEOUT} (the log took it: the outage was not the log's), and each
     * of them is stored exactly once, within 30 s.
     */
    void assertEachKeptOnce(TestStack stack, String chatId, String provider) {
        List<String> unexpected = outcomeByContent.values().stream().filter(code -> !List.of("ok", "TIMEOUT").contains(code)).toList();
        assertEquals(List.of(), unexpected, "answers other than ok or TIMEOUT (the log took every send)");
        Map<String, Integer> stored = new HashMap<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            stored.clear();
            stored.putAll(storedContents(stack, chatId, provider));
            return stored.keySet().containsAll(outcomeByContent.keySet());
        });
        assertTrue(stored.values().stream().allMatch(count -> count == 1), "stored twice: " + stored);
    }

    /** "ok" or the refusal's code. */
    static String outcomeOf(JSONObject ack) {
        try {
            return ack.getBoolean("ok") ? "ok" : ack.getJSONObject("error").getString("code");
        } catch (org.json.JSONException e) {
            throw new AssertionError("not an ack: " + ack, e);
        }
    }

    /** How many times each content is stored in the chat, read page by page over REST as a provider. */
    static Map<String, Integer> storedContents(TestStack stack, String chatId, String provider) throws Exception {
        Map<String, Integer> counts = new HashMap<>();
        String before = null;
        while (true) {
            Rest.Response page = Rest.get(stack, "/api/chats/" + chatId + "/messages?limit=100" + (before == null ? "" : "&before=" + before),
                    stack.token(provider, "provider"));
            assertEquals(200, page.status(), page.text());
            JSONArray messages = page.body().getJSONArray("messages");
            for (int i = 0; i < messages.length(); i++) {
                counts.merge(messages.getJSONObject(i).getString("content"), 1, Integer::sum);
                before = messages.getJSONObject(i).getString("_id");
            }
            if (!page.body().getBoolean("hasMore")) {
                return counts;
            }
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
