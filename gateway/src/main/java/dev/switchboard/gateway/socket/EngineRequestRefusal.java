package dev.switchboard.gateway.socket;

import com.corundumstudio.socketio.handler.EncoderHandler;
import com.corundumstudio.socketio.messages.HttpErrorMessage;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Answers the Engine.IO requests that netty-socketio answered with a bare {@code 500}, not at all, or as if they were
 * right, with {@code 400} and an Engine.IO JSON error as the Node.js server writes them ({@code {"code":1,"message":
 * "Session ID unknown"}} and its siblings): a poll naming a session the gateway does not know (closed, or held by a
 * gateway that restarted: every long-polling client sends one after a deploy, and each was a server error in the logs
 * and the load balancer's counts), a session id that is no id at all, a disconnect request for an unknown session or
 * a URI with a broken escape (the three held unanswered), a handshake by another method than GET (by POST it opened a
 * session and took the body as its packets, by DELETE or PUT it opened one and failed), and a method Engine.IO does
 * not use on a session (Node answers that a bare 500 too).
 */
@ChannelHandler.Sharable
final class EngineRequestRefusal extends ChannelInboundHandlerAdapter {
    /** Engine.IO's error codes, as the Node.js server sends them. */
    enum Refusal {
        UNKNOWN_SESSION(1, "Session ID unknown"),
        BAD_HANDSHAKE_METHOD(2, "Bad handshake method"),
        BAD_REQUEST(3, "Bad request");

        final int code;
        final String message;

        Refusal(int code, String message) {
            this.code = code;
            this.message = message;
        }
    }

    private final String connectPath;
    private final Predicate<UUID> known;

    /** {@code known}: whether the gateway holds the session of that id. */
    EngineRequestRefusal(String connectPath, Predicate<UUID> known) {
        this.connectPath = connectPath;
        this.known = known;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof FullHttpRequest request) {
            Optional<Refusal> refusal;
            try {
                QueryStringDecoder query = new QueryStringDecoder(request.uri());
                refusal = query.path().startsWith(connectPath)
                        ? refusal(request.method(), query.parameters().get("sid"), known) : Optional.empty();
            } catch (IllegalArgumentException undecodable) {
                refusal = Optional.of(Refusal.BAD_REQUEST); // a broken %-escape: the library threw and held the request
            }
            if (refusal.isPresent()) {
                String origin = request.headers().get(HttpHeaderNames.ORIGIN);
                request.release();
                // from the tail, through netty-socketio's encoder (JSON, its CORS headers), as its own errors are written
                ctx.channel().attr(EncoderHandler.ORIGIN).set(origin);
                Map<String, Object> error = new LinkedHashMap<>(); // in Node's order
                error.put("code", refusal.get().code);
                error.put("message", refusal.get().message);
                ctx.channel().writeAndFlush(new HttpErrorMessage(error));
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }

    /** Why a request to the Engine.IO path with this method and {@code sid} parameter is refused, if it is. */
    static Optional<Refusal> refusal(HttpMethod method, List<String> sid, Predicate<UUID> known) {
        if (sid == null || sid.isEmpty()) { // a handshake (OPTIONS: a browser's preflight, answered by the library)
            return method.equals(HttpMethod.GET) || method.equals(HttpMethod.OPTIONS)
                    ? Optional.empty() : Optional.of(Refusal.BAD_HANDSHAKE_METHOD);
        }
        UUID session = sessionId(sid.get(0));
        if (session == null || !known.test(session)) {
            return Optional.of(Refusal.UNKNOWN_SESSION);
        }
        boolean engineMethod = method.equals(HttpMethod.GET) || method.equals(HttpMethod.POST) || method.equals(HttpMethod.OPTIONS);
        return engineMethod ? Optional.empty() : Optional.of(Refusal.BAD_REQUEST);
    }

    /** The session id an {@code sid} parameter names, as netty-socketio reads it (any case); null when it is no id. */
    static UUID sessionId(String sid) {
        try {
            return UUID.fromString(sid);
        } catch (IllegalArgumentException notAnId) {
            return null;
        }
    }
}
