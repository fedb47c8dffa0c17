package dev.switchboard.gateway.socket;

import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.protocol.EngineIOVersion;
import com.corundumstudio.socketio.protocol.JacksonJsonSupport;
import com.corundumstudio.socketio.protocol.Packet;
import com.corundumstudio.socketio.protocol.PacketEncoder;
import com.corundumstudio.socketio.protocol.PacketType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A poll response carries at most 50 packets, and the packets after them wait for the next poll, none dropped. */
class WholeBatchPacketEncoderTest {
    private static final int LIMIT = 50; // what netty-socketio's EncoderHandler asks for per poll response
    private static final ByteBufAllocator ALLOCATOR = UnpooledByteBufAllocator.DEFAULT;
    private final Configuration configuration = new Configuration();

    @Test
    void sixtyWaitingPacketsGoOutAsFiftyAndThenTenWithNoneLost() throws Exception {
        Queue<Packet> waiting = packets(60);
        PacketEncoder encoder = new WholeBatchPacketEncoder(configuration, new JacksonJsonSupport());

        String first = encode(encoder, waiting);
        assertEquals(10, waiting.size(), "the packets after the first 50 wait for the next poll");
        String second = encode(encoder, waiting);

        assertTrue(waiting.isEmpty());
        for (int i = 0; i < 60; i++) {
            assertTrue((i < LIMIT ? first : second).contains("\"n" + i + "\""), "packet " + i);
        }
        assertFalse(first.contains("\"n50\""));
    }

    @Test
    void theLibrarysOwnEncoderDropsThePacketAfterTheFiftieth() throws Exception {
        // if this fails, netty-socketio fixed its loop and WholeBatchPacketEncoder can go
        Queue<Packet> waiting = packets(60);

        String first = encode(new PacketEncoder(configuration, new JacksonJsonSupport()), waiting);

        assertEquals(9, waiting.size());
        assertFalse(first.contains("\"n50\""));
        assertFalse(waiting.stream().anyMatch(p -> p.getData().equals(List.of("n50"))), "the 51st packet is gone");
    }

    private static String encode(PacketEncoder encoder, Queue<Packet> waiting) throws Exception {
        ByteBuf out = ALLOCATOR.buffer();
        try {
            encoder.encodePackets(waiting, out, ALLOCATOR, LIMIT);
            return out.toString(StandardCharsets.UTF_8);
        } finally {
            out.release();
        }
    }

    private static Queue<Packet> packets(int count) {
        Queue<Packet> queue = new ArrayDeque<>();
        for (int i = 0; i < count; i++) {
            Packet packet = new Packet(PacketType.MESSAGE, EngineIOVersion.V4);
            packet.setSubType(PacketType.EVENT);
            packet.setName("e");
            packet.setData(List.of("n" + i));
            packet.setNsp("");
            queue.add(packet);
        }
        return queue;
    }
}
