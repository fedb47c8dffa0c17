package dev.switchboard.gateway.socket;

import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.Transport;
import com.corundumstudio.socketio.handler.ClientHead;
import com.corundumstudio.socketio.messages.PacketsMessage;
import com.corundumstudio.socketio.store.MemoryStoreFactory;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.CharsetUtil;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Given a connection whose CONNECT carries an auth object, when a push to one of the rooms it joined in the auth
 * listener comes from another thread before netty-socketio queued the answer, then the push goes out after the answer.
 * The packet handler here does what netty-socketio's does with such a CONNECT: the auth listener, then the answer.
 */
class ConnectAnswersTest {
    private final ConnectAnswers answers = new ConnectAnswers();
    private final List<String> sent = new CopyOnWriteArrayList<>();
    private final ClientHead connection = new ClientHead(UUID.randomUUID(), null, null, new MemoryStoreFactory(), null, null,
            Transport.POLLING, null, new Configuration(), Map.of());

    @Test
    void aPushFromAnotherThreadWhileTheConnectIsAcceptedGoesOutAfterTheAnswer() {
        EmbeddedChannel channel = new EmbeddedChannel(answers, packetHandler(() -> {
            pushFromTheUpdateListener("user-status-changed");
            pushFromTheUpdateListener("new-notification");
        }));

        channel.writeInbound(connect());

        assertEquals(List.of("40 answer", "user-status-changed", "new-notification"), sent);
    }

    @Test
    void oncePastTheAnswerAPushGoesOutAtOnce() {
        EmbeddedChannel channel = new EmbeddedChannel(answers, packetHandler(() -> {
        }));
        channel.writeInbound(connect());

        pushFromTheUpdateListener("user-status-changed");

        assertEquals(List.of("40 answer", "user-status-changed"), sent);
    }

    @Test
    void theWaitingPushesGoOutEvenWhenHandlingTheConnectFailedAfterTheAuthListener() {
        EmbeddedChannel channel = new EmbeddedChannel(answers, new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                answers.awaitAnswer(connection.getSessionId());
                pushFromTheUpdateListener("user-status-changed");
                throw new IllegalStateException("the transport died");
            }
        });

        assertThrows(IllegalStateException.class, () -> channel.writeInbound(connect()));

        assertEquals(List.of("user-status-changed"), sent);
    }

    @Test
    void aSecondConnectInTheSamePacketsKeepsWhatWaitsForTheFirst() {
        EmbeddedChannel channel = new EmbeddedChannel(answers, packetHandler(() -> {
            pushFromTheUpdateListener("user-status-changed");
            answers.awaitAnswer(connection.getSessionId()); // the second CONNECT's auth listener
        }));

        channel.writeInbound(connect());
        pushFromTheUpdateListener("new-notification");

        assertEquals(List.of("40 answer", "user-status-changed", "new-notification"), sent);
    }

    @Test
    void aWaitingSendThatFailsNeitherStopsTheNextOnesNorHoldsLaterOnes() {
        EmbeddedChannel channel = new EmbeddedChannel(answers, packetHandler(() -> {
            CompletableFuture.runAsync(() -> answers.send(connection.getSessionId(), () -> {
                throw new IllegalStateException("the channel closed");
            })).join();
            pushFromTheUpdateListener("user-status-changed");
        }));

        channel.writeInbound(connect());
        pushFromTheUpdateListener("new-notification");

        assertEquals(List.of("40 answer", "user-status-changed", "new-notification"), sent);
    }

    @Test
    void anotherConnectionIsNotHeldBackByOneAwaitingItsAnswer() {
        answers.awaitAnswer(connection.getSessionId());

        answers.send(UUID.randomUUID(), () -> sent.add("to another connection"));

        assertEquals(List.of("to another connection"), sent);
    }

    /** netty-socketio's packet handler for a CONNECT with an auth object: the auth listener, then the answer queued. */
    private ChannelInboundHandlerAdapter packetHandler(Runnable meanwhile) {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                answers.awaitAnswer(connection.getSessionId()); // HandshakeAuthentication, before the rooms are joined
                meanwhile.run();
                sent.add("40 answer");
            }
        };
    }

    private void pushFromTheUpdateListener(String event) {
        CompletableFuture.runAsync(() -> answers.send(connection.getSessionId(), () -> sent.add(event))).join();
    }

    private PacketsMessage connect() {
        return new PacketsMessage(connection, Unpooled.copiedBuffer("40{\"token\":\"t\"}", CharsetUtil.UTF_8), Transport.POLLING);
    }
}
