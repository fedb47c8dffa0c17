package dev.switchboard.standalone;

import dev.switchboard.embedded.FreePorts;
import dev.switchboard.events.Ids;
import dev.switchboard.gateway.GatewayApplication;
import dev.switchboard.gateway.metrics.GatewayMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.socket.client.IO;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client that stops reading what it is sent (a frozen phone, or a script that writes and never reads) is closed once
 * its backlog passes the gateway's limit, instead of making the gateway hold ever more for it, and, coming back with its
 * session, is sent everything it missed, once and in order, at the pace it reads; one that takes nothing of its replay is
 * closed again and comes back to the rest; phones that read their replays slowly hold up no one else's. The clients
 * here keep their sessions alive with pongs while they read nothing. On a gateway of its own with the smallest limits (1 MiB unsent on websocket, 200 packets waiting for a
 * poll) and a 3 s ping timeout; the notifications go through the shared stack.
 */
class SlowReaderRecoveryTest {
    private static final long MAX_UNSENT_BYTES = 1024 * 1024;
    private static final int MAX_UNSENT_PACKETS = 200;
    /** Notifications a phone misses while it does not read. */
    private static final int COUNT = 600;
    /** The gateway pings every second and gives up on a client 3 s after (a replay that waits for it too). */
    private static final Duration PONG_EVERY = Duration.ofMillis(500);
    /** Phones coming back at once: more than a gateway has threads for replays. */
    private static final int SLOW_PHONES = 9;
    /** About 15 MB each: read at 50 a second, a replay waits for its phone for about 15 s once the sockets' buffers are full. */
    private static final int SLOW_COUNT = 1_000;
    private static final TestStack stack = TestStack.shared();
    /** A service of its own: the REST rate limit is per caller, and these tests post hundreds of notifications. */
    private static final String SERVICE = "slow-readers-" + Ids.newId();
    private static ConfigurableApplicationContext gateway;
    private static String socketUrl;
    private static int socketPort;

    @BeforeAll
    static void startGatewayWithSmallLimits() {
        socketPort = FreePorts.find();
        socketUrl = "http://127.0.0.1:" + socketPort;
        Map<String, Object> settings = stack.gatewaySettings("slow-readers-" + Ids.newId(), socketPort, FreePorts.find());
        settings.put("MAX_UNSENT_BYTES_PER_CONNECTION", MAX_UNSENT_BYTES);
        settings.put("MAX_UNSENT_PACKETS_PER_CONNECTION", MAX_UNSENT_PACKETS);
        settings.put("SOCKET_PING_INTERVAL_MS", 1_000);
        settings.put("SOCKET_PING_TIMEOUT_MS", 3_000);
        gateway = GatewayApplication.builder(settings).run();
    }

    @AfterAll
    static void stopGateway() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void aWebsocketClientThatStopsReadingIsClosedAndRecoversEveryNotificationItMissedAtThePaceItReads() throws Exception {
        String user = Ids.newId();
        String token = stack.token(user, "client");
        double closedBefore = closed("websocket");
        Cut cut = cutOffWhileNotReading(user, token);

        try (RawWebSocket phone = comeBackRaw(token, cut.pid(), cut.offset()); AutoCloseable pongs = phone.keepAlive(PONG_EVERY, () -> true)) {
            List<String> missed = new ArrayList<>();
            while (missed.size() < COUNT - cut.read().size()) {
                notificationTitle(phone).ifPresent(missed::add);
                Thread.sleep(5); // a phone on a slow network: a replay that did not wait for it would pass its limit
            }
            assertEquals(titles(cut.read().size() + 1, COUNT), missed, "each missed notification, once, in order, at the pace the phone reads");
        }
        assertEquals(closedBefore + 1, closed("websocket"), "only the phone that stopped reading was closed");
    }

    @Test
    void aClientThatComesBackAndTakesNothingOfItsReplayIsClosedAfterThePingTimeoutAndComesBackToTheRest() throws Exception {
        String user = Ids.newId();
        String token = stack.token(user, "client");
        Cut cut = cutOffWhileNotReading(user, token);
        double closedBefore = closed("websocket");

        List<String> second = new ArrayList<>();
        String offset = cut.offset();
        try (RawWebSocket phone = comeBackRaw(token, cut.pid(), cut.offset());
             AutoCloseable pongs = phone.keepAlive(PONG_EVERY, () -> closed("websocket") < closedBefore + 1)) {
            await().atMost(Duration.ofSeconds(15)).until(() -> closed("websocket") >= closedBefore + 1);
            for (String frame = phone.read(); frame != null; frame = phone.read()) {
                JSONArray event = frame.startsWith("42") ? new JSONArray(frame.substring(2)) : null;
                if (event != null && event.getString(0).equals("new-notification")) {
                    second.add(event.getJSONObject(1).getString("title"));
                    offset = event.getString(2);
                }
            }
        }
        assertTrue(cut.read().size() + second.size() < COUNT, "closed before its replay ended: it got " + second.size());
        try (RawWebSocket phone = comeBackRaw(token, cut.pid(), offset); AutoCloseable pongs = phone.keepAlive(PONG_EVERY, () -> true)) {
            List<String> all = new ArrayList<>(cut.read());
            all.addAll(second);
            while (all.size() < COUNT) {
                notificationTitle(phone).ifPresent(all::add);
            }
            assertEquals(titles(1, COUNT), all, "the three connections together got every notification, once, in order");
        }
        System.out.printf("stalled replay: closed after %d of %d missed notifications; the next connection got the rest%n",
                second.size(), COUNT - cut.read().size());
    }

    @Test
    void phonesThatReadTheirReplaysSlowlyDoNotHoldUpAnotherPhonesReplay() throws Exception {
        String slowUser = Ids.newId();
        String slowToken = stack.token(slowUser, "client");
        String quickUser = Ids.newId();
        String quickToken = stack.token(quickUser, "client");
        // more phones than a gateway has threads for replays, each of which must wait for its phone
        List<Away> slow = new ArrayList<>();
        for (int i = 0; i < SLOW_PHONES; i++) {
            slow.add(Away.joined(slowToken, slowUser));
        }
        Away quick = Away.joined(quickToken, quickUser);
        notify(slowUser, 0, 16);
        notify(quickUser, 0, 16);
        for (Away phone : slow) {
            phone.dropAfter("n0");
        }
        quick.dropAfter("n0");
        for (int i = 1; i <= SLOW_COUNT; i++) {
            notify(slowUser, i, 15_000); // each replay passes the sockets' buffers (about 3 MB here) several times over
        }
        for (int i = 1; i <= 5; i++) {
            notify(quickUser, i, 16);
        }

        List<SlowReading> reading = new ArrayList<>();
        double closedBefore = closed("websocket");
        try {
            for (Away phone : slow) {
                reading.add(SlowReading.start(comeBackRaw(slowToken, phone.pid(), phone.offset())));
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> reading.stream().anyMatch(r -> r.read() > 0));
            Thread.sleep(2_000); // their connections are full by now: each replay waits for its phone
            long started = System.nanoTime();
            try (SocketClient back = comeBack(quickToken, quick.pid(), quick.offset())) {
                List<String> missed = new ArrayList<>();
                for (int i = 1; i <= 5; i++) {
                    missed.add(back.nextObject("new-notification").getString("title"));
                }
                long tookMs = (System.nanoTime() - started) / 1_000_000;
                assertEquals(titles(1, 5), missed);
                int slowRead = reading.stream().mapToInt(SlowReading::read).sum();
                System.out.printf("%d phones reading their replays slowly (%d of %d notifications read so far, %s): another phone's replay of 5 took %d ms; closed %s%n",
                        SLOW_PHONES, slowRead, SLOW_PHONES * SLOW_COUNT, reading.stream().map(SlowReading::read).toList(), tookMs, closed("websocket") - closedBefore);
                assertTrue(tookMs < 3_000, "another phone's replay of 5 notifications waited " + tookMs + " ms");
                assertTrue(slowRead < SLOW_PHONES * SLOW_COUNT, "the slow phones had read everything already");
                assertEquals(closedBefore, closed("websocket"), "a phone that reads its replay slowly is not closed");
            }
        } finally {
            for (SlowReading r : reading) {
                r.close();
            }
        }
    }

    /** A phone that joined its notifications on a websocket, and went away after one of them, with its session. */
    private static final class Away {
        private final RawWebSocket phone;
        private final String pid;
        private String offset;

        private Away(RawWebSocket phone, String pid) {
            this.phone = phone;
            this.pid = pid;
        }

        static Away joined(String token, String user) throws Exception {
            RawWebSocket phone = RawWebSocket.engineIo(socketPort, 64 * 1024);
            phone.send("40" + new JSONObject().put("token", token));
            String pid = pidOf(untilStartsWith(phone, "40"));
            phone.send("420" + new JSONArray().put("join-notifications").put(user));
            assertTrue(untilStartsWith(phone, "430").contains("\"ok\":true"));
            return new Away(phone, pid);
        }

        /** Reads up to the notification {@code title}, keeps its offset, and drops the connection (the network went). */
        void dropAfter(String title) throws Exception {
            offset = untilNotification(phone, title).getString(2);
            phone.close();
        }

        String pid() {
            return pid;
        }

        String offset() {
            return offset;
        }
    }

    /**
     * A phone on a slow network: it reads a notification every 20 ms (750 KB/s), and keeps its session alive. Slower, the
     * gateway would find it taking nothing for its ping timeout (3 s here) and close it: Linux lets a full socket take
     * more only once a third of its send buffer is free again (here about 1 MB).
     */
    private static final class SlowReading implements AutoCloseable {
        private final RawWebSocket phone;
        private final AutoCloseable pongs;
        private final AtomicInteger read = new AtomicInteger();
        private final Thread reader;

        private SlowReading(RawWebSocket phone) {
            this.phone = phone;
            this.pongs = phone.keepAlive(PONG_EVERY, () -> true);
            this.reader = new Thread(() -> {
                try {
                    while (!Thread.currentThread().isInterrupted()) {
                        if (notificationTitle(phone).isPresent()) {
                            read.incrementAndGet();
                        }
                        Thread.sleep(20);
                    }
                } catch (Exception e) {
                    // closed
                }
            }, "slow-reading-phone");
        }

        static SlowReading start(RawWebSocket phone) {
            SlowReading reading = new SlowReading(phone);
            reading.reader.start();
            return reading;
        }

        int read() {
            return read.get();
        }

        @Override
        public void close() throws Exception {
            reader.interrupt();
            pongs.close();
            phone.close();
            reader.join(5_000);
        }
    }

    /** What a phone that stopped reading got before the gateway closed it. */
    private record Cut(String pid, String offset, List<String> read) {
    }

    /**
     * A phone that joins its notifications, reads the first, then keeps its session alive without reading while
     * {@link #COUNT} more of 15 KB come (about 9 MB: more than the sockets' own buffers, up to 4 MiB on the gateway's
     * side here, and the limit); once the gateway closed it, it reads what reached it.
     */
    private Cut cutOffWhileNotReading(String user, String token) throws Exception {
        double closedBefore = closed("websocket");
        try (RawWebSocket phone = RawWebSocket.engineIo(socketPort, 4096)) {
            phone.send("40" + new JSONObject().put("token", token));
            String pid = pidOf(untilStartsWith(phone, "40"));
            phone.send("420" + new JSONArray().put("join-notifications").put(user));
            assertTrue(untilStartsWith(phone, "430").contains("\"ok\":true"));
            notify(user, 0, 16);
            String offset = untilNotification(phone, "n0").getString(2);
            try (AutoCloseable pongs = phone.keepAlive(PONG_EVERY, () -> closed("websocket") < closedBefore + 1)) {
                for (int i = 1; i <= COUNT; i++) {
                    notify(user, i, 15_000);
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> closed("websocket") >= closedBefore + 1);
            }

            List<String> read = new ArrayList<>();
            for (String frame = phone.read(); frame != null; frame = phone.read()) {
                JSONArray event = frame.startsWith("42") ? new JSONArray(frame.substring(2)) : null;
                if (event != null && event.getString(0).equals("new-notification")) {
                    read.add(event.getJSONObject(1).getString("title"));
                    offset = event.getString(2);
                }
            }
            assertTrue(read.size() < COUNT, "the connection ended before everything was sent: it read " + read.size());
            assertEquals(titles(1, read.size()), read, "what it read came in order");
            System.out.printf("slow websocket reader: closed after reading %d of %d notifications (15 KB each)%n", read.size(), COUNT);
            return new Cut(pid, offset, read);
        }
    }

    /** A raw websocket that recovers the session {@code pid} from {@code offset}. */
    private static RawWebSocket comeBackRaw(String token, String pid, String offset) throws Exception {
        RawWebSocket phone = RawWebSocket.engineIo(socketPort, 4096);
        phone.send("40" + new JSONObject().put("token", token).put("pid", pid).put("offset", offset));
        assertEquals(pid, pidOf(untilStartsWith(phone, "40")), "the session is recovered");
        return phone;
    }

    /** The next event's notification title, if it is a notification. */
    private static Optional<String> notificationTitle(RawWebSocket phone) throws Exception {
        JSONArray event = new JSONArray(untilStartsWith(phone, "42").substring(2));
        return event.getString(0).equals("new-notification") ? Optional.of(event.getJSONObject(1).getString("title"))
                : Optional.empty();
    }

    @Test
    void aLongPollingClientThatStopsPollingIsClosedAndRecoversEveryNotificationItMissed() throws Exception {
        String user = Ids.newId();
        String token = stack.token(user, "client");
        int count = MAX_UNSENT_PACKETS + 100;
        double closedBefore = closed("polling");
        RawEngineIo polling = new RawEngineIo(socketUrl, Duration.ofSeconds(10));
        String sid = polling.handshake();
        assertEquals("ok", polling.post(sid, "40" + new JSONObject().put("token", token)).body());
        String pid = pidOf(untilPolled(polling, sid, "40"));
        assertEquals("ok", polling.post(sid, "420" + new JSONArray().put("join-notifications").put(user)).body());
        assertTrue(untilPolled(polling, sid, "430").contains("\"ok\":true"));
        notify(user, 0, 16);
        String offset = new JSONArray(untilPolled(polling, sid, "42[\"new-notification\"").substring(2)).getString(2);

        try (AutoCloseable pongs = pongsWhilePolling(polling, sid)) { // the client shows it is alive, and yet never polls
            for (int i = 1; i <= count; i++) {
                notify(user, i, 16);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> closed("polling") >= closedBefore + 1);
        }
        HttpResponse<String> poll = polling.get(sid);
        assertEquals(400, poll.statusCode(), "the session ended: " + poll.body());

        try (SocketClient back = comeBack(token, pid, offset)) {
            List<String> missed = new ArrayList<>();
            for (int i = 1; i <= count; i++) {
                missed.add(back.nextObject("new-notification").getString("title"));
            }
            assertEquals(titles(1, count), missed, "each missed notification, once, in order");
            assertNull(back.poll("new-notification", 500), "nothing twice");
            assertTrue(back.isConnected(), "a client recovering more packets than the polling limit, by polls, is not closed");
        }
        assertEquals(closedBefore + 1, closed("polling"), "only the client that stopped polling was closed");
    }

    @Test
    void aLongPollingClientThatPollsIsNotClosedForABacklogLargerThanTheLimit() throws Exception {
        String user = Ids.newId();
        int count = MAX_UNSENT_PACKETS + 150;
        for (int i = 1; i <= count; i++) {
            notify(user, i, 16);
        }
        double closedBefore = closed("polling");
        RawEngineIo polling = new RawEngineIo(socketUrl, Duration.ofSeconds(10));
        String sid = polling.handshake();
        assertEquals("ok", polling.post(sid, "40" + new JSONObject().put("token", stack.token(user, "client"))).body());
        untilPolled(polling, sid, "40");
        assertEquals("ok", polling.post(sid, "420" + new JSONArray().put("join-notifications").put(user)).body());

        // every undelivered one is released at once, and a poll takes at most 50: more than the limit wait for seconds
        List<String> received = new ArrayList<>();
        try (AutoCloseable pongs = pongsWhilePolling(polling, sid)) { // the pings wait behind the backlog too
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (received.size() < count && System.nanoTime() < deadline) {
                HttpResponse<String> poll = polling.get(sid);
                assertEquals(200, poll.statusCode(), "still open: " + poll.body());
                for (String packet : RawEngineIo.packets(poll.body())) {
                    if (packet.startsWith("42[\"new-notification\"")) {
                        received.add(new JSONArray(packet.substring(2)).getJSONObject(1).getString("title"));
                    }
                }
                Thread.sleep(1_000); // a slow network: each poll comes a second after the last
            }
        }
        assertEquals(titles(1, count), received, "the whole backlog, once, in order, by polls of at most 50");
        assertEquals(closedBefore, closed("polling"), "a client that polls is not closed, however much waits for it");
    }

    /** Posts Engine.IO's pong every {@link #PONG_EVERY} on the session until closed (or refused: the session ended). */
    private static AutoCloseable pongsWhilePolling(RawEngineIo polling, String sid) {
        AtomicBoolean ponging = new AtomicBoolean(true);
        Thread pongs = new Thread(() -> {
            while (ponging.get()) {
                try {
                    polling.post(sid, "3");
                    Thread.sleep(PONG_EVERY.toMillis());
                } catch (Exception e) {
                    return;
                }
            }
        }, "raw-polling-pongs");
        pongs.start();
        return () -> {
            ponging.set(false);
            pongs.join();
        };
    }

    private static void notify(String user, int number, int dataChars) {
        JSONObject body = Rest.json("userId", user, "type", "system", "title", "n" + number, "message", "number " + number,
                "data", Rest.json("pad", "x".repeat(dataChars)));
        Rest.Response created = Rest.send(stack, "POST", "/api/notifications", stack.token(SERVICE, "service"), body);
        assertEquals(201, created.status(), created.text());
    }

    private static SocketClient comeBack(String token, String pid, String offset) {
        IO.Options options = new IO.Options();
        options.auth = Map.of("token", token, "pid", pid, "offset", offset);
        return SocketClient.open(socketUrl, options).awaitConnected();
    }

    private static double closed(String transport) {
        Counter counter = gateway.getBean(MeterRegistry.class).find(GatewayMetrics.SLOW_READERS_CLOSED).tag("transport", transport).counter();
        return counter == null ? 0 : counter.count();
    }

    private static List<String> titles(int first, int last) {
        List<String> titles = new ArrayList<>();
        for (int i = first; i <= last; i++) {
            titles.add("n" + i);
        }
        return titles;
    }

    private static String pidOf(String connectAnswer) throws Exception {
        return new JSONObject(connectAnswer.substring(2)).getString("pid");
    }

    private static String untilStartsWith(RawWebSocket phone, String prefix) throws Exception {
        for (String frame = phone.read(); frame != null; frame = phone.read()) {
            if (frame.startsWith(prefix)) {
                return frame;
            }
        }
        throw new AssertionError("closed before a frame starting with " + prefix);
    }

    private static JSONArray untilNotification(RawWebSocket phone, String title) throws Exception {
        while (true) {
            JSONArray event = new JSONArray(untilStartsWith(phone, "42").substring(2));
            if (event.getString(0).equals("new-notification") && event.getJSONObject(1).getString("title").equals(title)) {
                return event;
            }
        }
    }

    /** Polls until a packet starting with {@code prefix} comes; that packet. */
    private static String untilPolled(RawEngineIo polling, String sid, String prefix) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> poll = polling.get(sid);
            assertEquals(200, poll.statusCode(), poll.body());
            for (String packet : RawEngineIo.packets(poll.body())) {
                if (packet.startsWith(prefix)) {
                    return packet;
                }
            }
        }
        throw new AssertionError("no packet starting with " + prefix + " within 10 s");
    }
}
