package dev.switchboard.gateway.socket;

import dev.switchboard.gateway.metrics.GatewayMetrics;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The websocket side of {@link SlowReaders}, on a channel that writes nothing to a socket until it is flushed: what is
 * written and not flushed stands for what a client has not read. (The long-polling side and the replay's pace go
 * through real clients in the standalone {@code SlowReaderRecoveryTest}.)
 */
class SlowReadersTest {
    private static final int KIB = 1024;
    private final GatewayMetrics metrics = GatewayMetrics.inMemory();

    @Test
    void aWebsocketWithMoreUnreadThanItsLimitIsClosed() {
        EmbeddedChannel channel = new EmbeddedChannel(new SlowReaders(210 * KIB, 1000, metrics));
        for (int i = 0; i < 20; i++) {
            channel.write(frame(10 * KIB));
        }
        assertTrue(channel.isOpen(), "20 frames of 10 KiB unread (Netty counts 96 bytes more for each): under the limit");

        channel.write(frame(10 * KIB));
        assertFalse(channel.isOpen(), "21 frames unread: past the limit");
        assertEquals(1, closed("websocket"));
    }

    @Test
    void aWebsocketThatReadsWhatItIsSentStaysOpenWhateverItIsSentInAll() {
        EmbeddedChannel channel = new EmbeddedChannel(new SlowReaders(200 * KIB, 1000, metrics));
        for (int i = 0; i < 100; i++) {
            channel.writeAndFlush(frame(10 * KIB));
            channel.releaseOutbound();
        }
        assertTrue(channel.isOpen(), "1,000 KiB sent in all, each piece taken");
        assertEquals(0, closed("websocket"));
    }

    @Test
    void aLongPollingAnswerIsNeverClosedHereWhateverItsSize() {
        EmbeddedChannel channel = new EmbeddedChannel(new SlowReaders(200 * KIB, 1000, metrics));
        channel.write(frame(100 * KIB));
        channel.write(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.wrappedBuffer(new byte[300 * KIB])));
        assertTrue(channel.isOpen(), "a poll's answer is taken off the session's queue: closing it would lose its packets");
        assertEquals(0, closed("websocket"));
    }

    private static TextWebSocketFrame frame(int bytes) {
        return new TextWebSocketFrame(Unpooled.wrappedBuffer(new byte[bytes]));
    }

    private double closed(String transport) {
        var counter = metrics.registry().find(GatewayMetrics.SLOW_READERS_CLOSED).tag("transport", transport).counter();
        return counter == null ? 0 : counter.count();
    }
}
