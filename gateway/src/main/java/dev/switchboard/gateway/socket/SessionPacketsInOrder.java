package dev.switchboard.gateway.socket;

import com.corundumstudio.socketio.Transport;
import com.corundumstudio.socketio.messages.PacketsMessage;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Handles the packets of one Engine.IO session one request or frame at a time, in the order they came. netty-socketio
 * answers a long-polling POST before it handles the packets in it, so what the client sent next was handled alongside
 * them or first whenever it came on another connection, and so on another event loop: the next POST (an HTTP client's
 * or a proxy's pool), or the first frames on the websocket the session upgrades to. A batch of messages and the one
 * sent after it were published interleaved; a DISCONNECT overtaking the packets before it dropped them, or, ahead of
 * the CONNECT, was dropped itself and left the session open (found by {@code HostileFramesTest}, shown by
 * {@code LongPollingOrderTest}).
 * <p>
 * A POST holds its session's lock from before the polling transport sees it until its packets are handled, and a
 * websocket frame's packets hold it while they are handled. The client sends what comes next only once the POST is
 * answered, which is after the lock was taken, so it waits for it. Sessions share 256 locks; handling packets only
 * starts their work (a send to Kafka is asynchronous), so a wait is short; what stalls an event loop while it handles
 * packets (a Kafka send waiting for buffer space, up to 5 s) also stalls a loop waiting for the same lock.
 */
@ChannelHandler.Sharable
final class SessionPacketsInOrder extends ChannelInboundHandlerAdapter {
    private static final int LOCKS = 256;
    private final Object[] locks = new Object[LOCKS];

    SessionPacketsInOrder() {
        for (int i = 0; i < LOCKS; i++) {
            locks[i] = new Object();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        UUID session = sessionOf(msg);
        if (session == null) {
            ctx.fireChannelRead(msg);
            return;
        }
        synchronized (locks[Math.floorMod(session.hashCode(), LOCKS)]) {
            ctx.fireChannelRead(msg);
        }
    }

    /**
     * The session of a long-polling POST (or of any request that disconnects one), or of a websocket frame's packets;
     * null for anything else. The sid as netty-socketio reads it, so that another spelling of it takes the same lock.
     */
    private static UUID sessionOf(Object msg) {
        if (msg instanceof HttpRequest request) {
            Map<String, List<String>> parameters = new QueryStringDecoder(request.uri()).parameters();
            List<String> sid = parameters.get("sid");
            boolean handlesPackets = HttpMethod.POST.equals(request.method()) || parameters.containsKey("disconnect");
            // an sid that is no id was refused in front of this handler
            return handlesPackets && sid != null && !sid.isEmpty() ? EngineRequestRefusal.sessionId(sid.get(0)) : null;
        }
        if (msg instanceof PacketsMessage packets && packets.getTransport() == Transport.WEBSOCKET && packets.getClient() != null) {
            return packets.getClient().getSessionId();
        }
        return null; // a POST's packets are handled under the lock its request took
    }
}
