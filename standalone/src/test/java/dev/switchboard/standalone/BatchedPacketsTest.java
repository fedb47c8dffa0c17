package dev.switchboard.standalone;

import dev.switchboard.events.Ids;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetric;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Long-polling clients send what they emitted together in one POST, the packets separated by Engine.IO's record
 * separator (and a websocket frame may hold several so). Each packet of such a payload is handled, in order, and none
 * is kept in memory after it was.
 */
class BatchedPacketsTest {
    private static final TestStack stack = TestStack.shared();
    private static final int POSTS = 600;
    private static final int PACKETS_PER_POST = 10;

    @Test
    void everyPacketOfABatchedPostIsAnsweredInOrderAndLeavesNoMemoryBehind() throws Exception {
        RawEngineIo polling = new RawEngineIo(stack, Duration.ofSeconds(10));
        String sid = polling.handshake();
        assertEquals("ok", polling.post(sid, "40" + new JSONObject().put("token", stack.token(Ids.newId(), "client"))).body());
        polling.get(sid);
        String pad = "x".repeat(3_000);
        ByteBufAllocatorMetric direct = ((ByteBufAllocatorMetricProvider) ByteBufAllocator.DEFAULT).metric();
        long before = directMemoryAfterCollection(direct);

        long ackId = 0;
        for (int post = 0; post < POSTS; post++) {
            List<String> packets = new ArrayList<>();
            List<Long> sent = new ArrayList<>();
            for (int i = 0; i < PACKETS_PER_POST; i++) {
                sent.add(ackId);
                packets.add("42" + ackId++ + new JSONArray().put("no-such-event").put(pad));
            }
            assertEquals("ok", polling.post(sid, String.join("\u001e", packets)).body());
            List<Long> answered = new ArrayList<>();
            while (answered.size() < PACKETS_PER_POST) {
                HttpResponse<String> poll = polling.get(sid);
                assertEquals(200, poll.statusCode(), poll.body());
                for (String packet : RawEngineIo.packets(poll.body())) {
                    if (packet.startsWith("43")) {
                        answered.add(Long.parseLong(packet.substring(2, packet.indexOf('['))));
                    }
                }
            }
            assertEquals(sent, answered, "each packet of the POST answered, in order");
        }
        long grewBy = directMemoryAfterCollection(direct) - before;
        long payloadBytes = (long) POSTS * PACKETS_PER_POST * pad.length();
        System.out.printf("batched POSTs: %d KB of packets in %d POSTs; Netty's direct memory in use grew by %d KB%n",
                payloadBytes / 1024, POSTS, grewBy / 1024);
        assertTrue(grewBy < payloadBytes / 3, "direct memory in use grew by " + grewBy / 1024 + " KB for " + payloadBytes / 1024
                + " KB of packets: the decoder's copies were kept");
    }

    @Test
    void aWebsocketFrameHoldingSeveralPacketsIsAnsweredPacketByPacketInOrder() throws Exception {
        try (RawWebSocket socket = RawWebSocket.engineIo(stack.socketPort(), 64 * 1024)) {
            socket.send("40" + new JSONObject().put("token", stack.token(Ids.newId(), "client")));
            while (!socket.read().startsWith("40")) {
                // the CONNECT answer
            }
            // Engine.IO v4 sends one packet per frame; a client may still put several in one, as on long-polling
            socket.send("421" + new JSONArray().put("leave-chat").put(Ids.newId()) + "\u001e\u001e"
                    + "422" + new JSONArray().put("no-such-event") + "\u001e"
                    + "423" + new JSONArray().put("leave-chat").put(Ids.newId()));
            List<String> answers = new ArrayList<>();
            while (answers.size() < 3) {
                String frame = socket.read();
                if (frame.startsWith("43")) {
                    JSONObject ack = new JSONArray(frame.substring(frame.indexOf('['))).getJSONObject(0);
                    answers.add(frame.substring(2, frame.indexOf('[')) + (ack.getBoolean("ok") ? " ok" : " " + ack.getJSONObject("error").getString("code")));
                }
            }
            assertEquals(List.of("1 ok", "2 BAD_REQUEST", "3 ok"), answers);
        }
    }

    private static long directMemoryAfterCollection(ByteBufAllocatorMetric direct) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return direct.usedDirectMemory();
    }
}
