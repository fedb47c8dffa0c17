package dev.switchboard.gateway.socket;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.AttributeKey;

import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Closes a long-polling session whose client went away while its poll was pending, as the reference engine.io server
 * does ("poll connection closed prematurely"): a client waits for its poll's answer, so only a client that is gone (its
 * process killed, its tab closed, its network lost) drops that connection. netty-socketio only lets go of the channel,
 * so such a client stayed connected until its ping timeout (about 45 s): shown online, and messages and notifications
 * sent meanwhile recorded delivered to nobody.
 */
@Sharable
class AbandonedPollCloser extends ChannelDuplexHandler {
    private static final AttributeKey<UUID> PENDING_POLL = AttributeKey.valueOf("switchboard.pendingPoll");

    private final Consumer<UUID> closePollingSession;

    /** {@code closePollingSession}: closes the session if it is still on long-polling (not upgraded meanwhile). */
    AbandonedPollCloser(Consumer<UUID> closePollingSession) {
        this.closePollingSession = closePollingSession;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof HttpRequest request && HttpMethod.GET.equals(request.method()) && request.uri().contains("transport=polling")) {
            ctx.channel().attr(PENDING_POLL).set(sessionOf(request.uri()));
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof HttpResponse) {
            ctx.channel().attr(PENDING_POLL).set(null);
        }
        super.write(ctx, msg, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        UUID abandoned = ctx.channel().attr(PENDING_POLL).getAndSet(null);
        if (abandoned != null) {
            closePollingSession.accept(abandoned);
        }
        super.channelInactive(ctx);
    }

    /** The poll's session id; null for a handshake (no {@code sid} yet) or one that is not a UUID. */
    static UUID sessionOf(String uri) {
        List<String> sid = new QueryStringDecoder(uri).parameters().get("sid");
        if (sid == null || sid.isEmpty()) {
            return null;
        }
        try {
            return UUID.fromString(sid.get(0));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
