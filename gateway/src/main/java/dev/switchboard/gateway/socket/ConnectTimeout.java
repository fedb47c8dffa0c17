package dev.switchboard.gateway.socket;

import com.corundumstudio.socketio.handler.ClientHead;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Closes an Engine.IO session that has not connected {@code timeoutMs} after its handshake, as the Node.js server
 * does ({@code connectTimeout}, 45 s by default). netty-socketio has no such limit: it counts a session as connected to
 * the main namespace from its first request, so one that never sent a CONNECT, or ignored the refusal of its CONNECT,
 * stayed for as long as it answered pings. Placed behind netty-socketio's authorize handler, which has then made the
 * session of a handshake and put it on the channel.
 */
@ChannelHandler.Sharable
final class ConnectTimeout extends ChannelInboundHandlerAdapter {
    private final long timeoutMs;
    private final Predicate<UUID> connected;

    /** {@code connected}: whether the session's CONNECT was accepted. */
    ConnectTimeout(long timeoutMs, Predicate<UUID> connected) {
        this.timeoutMs = timeoutMs;
        this.connected = connected;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof FullHttpRequest request && isHandshake(request)) {
            ClientHead session = ctx.channel().attr(ClientHead.CLIENT).get();
            if (session != null) {
                ctx.executor().schedule(() -> closeUnlessConnected(session), timeoutMs, TimeUnit.MILLISECONDS);
            }
        }
        ctx.fireChannelRead(msg);
    }

    private void closeUnlessConnected(ClientHead session) {
        if (session.isConnected() && !connected.test(session.getSessionId())) {
            session.disconnect(); // a DISCONNECT, then its transport closes and netty-socketio forgets the session
        }
    }

    /** A request without a session id: the authorize handler let it through, so it opened a session. */
    private static boolean isHandshake(FullHttpRequest request) {
        return !new QueryStringDecoder(request.uri()).parameters().containsKey("sid");
    }
}
