package dev.switchboard.gateway.socket;

import com.corundumstudio.socketio.DisconnectableHub;
import com.corundumstudio.socketio.handler.ClientHead;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Closes an Engine.IO session that has not connected {@code timeoutMs} after its handshake, as the Node.js server
 * does ({@code connectTimeout}, 45 s by default). netty-socketio has no such limit: it counts a session as connected to
 * the main namespace from its first GET, so one that never sent a CONNECT, or ignored the refusal of its CONNECT,
 * stayed for as long as it answered pings. Placed behind netty-socketio's authorize handler, which has then made the
 * session of a handshake and put it on the channel.
 * <p>
 * It also knows the sessions of handshakes not yet judged ({@link #isHandshaken}): the library writes a handshake's
 * answer before it puts the session in the main namespace, so the client's next request may come, on another event
 * loop, before it is there.
 */
@ChannelHandler.Sharable
final class ConnectTimeout extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ConnectTimeout.class);
    private final long timeoutMs;
    private final Predicate<UUID> connected;
    private final DisconnectableHub hub;
    private final Map<UUID, ClientHead> handshaken = new ConcurrentHashMap<>();

    /**
     * {@code connected}: whether the session's CONNECT was accepted; {@code hub}: where netty-socketio forgets a
     * session (the pipeline's initializer).
     */
    ConnectTimeout(long timeoutMs, Predicate<UUID> connected, DisconnectableHub hub) {
        this.timeoutMs = timeoutMs;
        this.connected = connected;
        this.hub = hub;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof FullHttpRequest request && isHandshake(request)) {
            ClientHead session = ctx.channel().attr(ClientHead.CLIENT).get();
            if (session != null) {
                handshaken.put(session.getSessionId(), session);
                ctx.executor().schedule(() -> closeUnlessConnected(session), timeoutMs, TimeUnit.MILLISECONDS);
            }
        }
        ctx.fireChannelRead(msg);
    }

    /** Whether the session's handshake was made within the timeout and the session is still open. */
    boolean isHandshaken(UUID sessionId) {
        ClientHead session = handshaken.get(sessionId);
        return session != null && session.isConnected();
    }

    private void closeUnlessConnected(ClientHead session) {
        handshaken.remove(session.getSessionId());
        if (connected.test(session.getSessionId())) {
            return;
        }
        boolean inNamespace = !session.getNamespaces().isEmpty();
        if (session.isConnected()) {
            log.info("closing Engine.IO session {}: no CONNECT accepted within {} ms of its handshake", session.getSessionId(), timeoutMs);
            session.disconnect(); // a DISCONNECT, and its transport closed; leaving the namespace makes the library forget it
        }
        if (!inNamespace) {
            hub.onDisconnect(session); // never in one (a preflight's handshake, a failed websocket one): forgotten here
        }
    }

    /** A request without a session id: the authorize handler let it through, so it opened a session. */
    private static boolean isHandshake(FullHttpRequest request) {
        return !new QueryStringDecoder(request.uri()).parameters().containsKey("sid");
    }
}
