package dev.switchboard.gateway.socket;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.util.List;

/**
 * Handles the POSTs of one long-polling session one at a time, in the order they came. netty-socketio answers a POST
 * before it handles the packets in it, so the client's next POST, which may come on another connection (an HTTP client's
 * or a proxy's pool) and so on another event loop, was handled alongside it or first: a batch of messages and the single
 * one sent after it were published interleaved, and a DISCONNECT overtaking the packets before it dropped them, or, ahead
 * of the CONNECT, was dropped itself and left the session open (found by {@code HostileFramesTest},
 * shown by {@code LongPollingOrderTest}).
 * <p>
 * Holding the session's lock from before netty-socketio sees the request until its packets are handled orders them:
 * the next POST is sent only once this one is answered, which is after the lock was taken. Sessions share 256 locks;
 * handling a POST's packets only starts their work (a send to Kafka is asynchronous), so the wait is short.
 */
@ChannelHandler.Sharable
final class PollingPostsInOrder extends ChannelInboundHandlerAdapter {
    private static final int LOCKS = 256;
    private final Object[] locks = new Object[LOCKS];

    PollingPostsInOrder() {
        for (int i = 0; i < LOCKS; i++) {
            locks[i] = new Object();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        String session = msg instanceof HttpRequest request && HttpMethod.POST.equals(request.method()) ? sessionOf(request) : null;
        if (session == null) {
            ctx.fireChannelRead(msg);
            return;
        }
        synchronized (locks[Math.floorMod(session.hashCode(), LOCKS)]) {
            ctx.fireChannelRead(msg);
        }
    }

    private static String sessionOf(HttpRequest request) {
        List<String> sid = new QueryStringDecoder(request.uri()).parameters().get("sid");
        return sid == null || sid.isEmpty() ? null : sid.get(0);
    }
}
