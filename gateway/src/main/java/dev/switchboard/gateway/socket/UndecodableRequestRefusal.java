package dev.switchboard.gateway.socket;

import dev.switchboard.gateway.web.ApiError;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Answers a request the HTTP decoder could not read (headers or request line over the limit, a malformed request) with
 * the contract's JSON error and closes the connection. netty-socketio passes such a request on as if it were readable:
 * a long-polling client whose token made the headers too long got no answer at all and waited forever.
 */
@Sharable
class UndecodableRequestRefusal extends ChannelInboundHandlerAdapter {
    private static final int LINGER_SECONDS = 5;

    private final int maxHeaderKib;

    UndecodableRequestRefusal(int maxHeaderKib) {
        this.maxHeaderKib = maxHeaderKib;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HttpObject http) || http.decoderResult().isSuccess()) {
            ctx.fireChannelRead(msg);
            return;
        }
        Throwable cause = http.decoderResult().cause();
        ReferenceCountUtil.release(msg);
        ctx.writeAndFlush(refusal(cause)).addListener(written -> finish(ctx.channel()));
    }

    /**
     * The rest of the request may still be on its way: closing at once would reset the connection under the answer, so
     * the connection is half-closed (the decoder drops what still arrives) and closed when the client has read it.
     */
    private static void finish(Channel channel) {
        if (channel instanceof DuplexChannel duplex) {
            duplex.shutdownOutput();
            channel.eventLoop().schedule(() -> channel.close(), LINGER_SECONDS, TimeUnit.SECONDS);
        } else {
            channel.close();
        }
    }

    private FullHttpResponse refusal(Throwable cause) {
        HttpResponseStatus status;
        String message;
        if (cause instanceof TooLongHttpHeaderException) {
            status = HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
            message = "request headers are larger than " + maxHeaderKib + " KiB";
        } else if (cause instanceof TooLongHttpLineException) {
            status = HttpResponseStatus.REQUEST_URI_TOO_LONG;
            message = "the request line is longer than " + maxHeaderKib + " KiB";
        } else {
            status = HttpResponseStatus.BAD_REQUEST;
            message = "the request is not valid HTTP";
        }
        byte[] body = ApiError.json(status.code(), message).getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return response;
    }
}
