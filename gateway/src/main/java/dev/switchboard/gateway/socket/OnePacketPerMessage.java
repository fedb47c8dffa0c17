package dev.switchboard.gateway.socket;

import com.corundumstudio.socketio.messages.PacketsMessage;
import com.corundumstudio.socketio.protocol.EngineIOVersion;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Hands netty-socketio's packet handler one Engine.IO packet at a time. Its decoder copies each packet but the last of
 * a payload that holds several (a long-polling POST: the official clients send what they emitted together in one, and
 * anyone may send a websocket frame so) into a buffer it never releases: Netty's leak detector reported it in our CI
 * runs, and 400 POSTs of ten 2 KB packets kept 8 MB more of Netty's direct memory in use after the collector had run.
 * Given a payload of one packet, the decoder reads it where it lies. Empty packets (two separators in a row) are
 * dropped: the decoder could not read them.
 */
@Sharable
final class OnePacketPerMessage extends ChannelInboundHandlerAdapter {
    private static final byte RECORD_SEPARATOR = (byte) BareConnectGuard.RECORD_SEPARATOR;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof PacketsMessage packets) || packets.getClient() == null
                || !EngineIOVersion.V4.equals(packets.getClient().getEngineIOVersion())) {
            ctx.fireChannelRead(msg);
            return;
        }
        ByteBuf payload = packets.getContent();
        int end = payload.writerIndex();
        int separator = payload.indexOf(payload.readerIndex(), end, RECORD_SEPARATOR);
        if (separator < 0) {
            ctx.fireChannelRead(msg);
            return;
        }
        // the transport releases the payload once this returns: each packet is handled before, on this thread
        for (int from = payload.readerIndex(); from < end; ) {
            int to = separator < 0 ? end : separator;
            if (to > from) {
                ctx.fireChannelRead(new PacketsMessage(packets.getClient(), payload.slice(from, to - from), packets.getTransport()));
            }
            from = to + 1;
            separator = from < end ? payload.indexOf(from, end, RECORD_SEPARATOR) : -1;
        }
    }
}
