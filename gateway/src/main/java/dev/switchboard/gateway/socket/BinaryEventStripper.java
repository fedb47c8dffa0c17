package dev.switchboard.gateway.socket;

import com.corundumstudio.socketio.Transport;
import com.corundumstudio.socketio.handler.ClientHead;
import com.corundumstudio.socketio.messages.PacketsMessage;
import com.corundumstudio.socketio.protocol.EngineIOVersion;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.CharsetUtil;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Turns a Socket.IO v4 binary event (or binary ack) into a plain one before netty-socketio reads it, and drops the
 * attachments that follow it. The event then arrives with Socket.IO's {@code {"_placeholder":true,"num":n}} objects
 * where the bytes were, which {@link ContractJsonSupport} reads as {@link ContractJsonSupport#BINARY} and the
 * {@link EventTable} answers {@code BAD_REQUEST}. Left to netty-socketio, each attachment went into the JSON as base64
 * text (over long-polling with Engine.IO's {@code b} marker, and with a lost ack when one was split across requests),
 * and the payload passed as text its sender never wrote.
 */
@Sharable
class BinaryEventStripper extends ChannelInboundHandlerAdapter {
    private static final char RECORD_SEPARATOR = BareConnectGuard.RECORD_SEPARATOR;
    private static final int MAX_COUNT_DIGITS = 9;
    private static final String PLACEHOLDER = "\"_placeholder\"";

    /** Attachments still to drop per connection: they follow their event, on websocket as frames of their own. */
    private final Map<ClientHead, Integer> attachmentsToDrop = Collections.synchronizedMap(new WeakHashMap<>());
    /** Whether any connection may have attachments to drop: nearly always not, and then no packet takes the map's lock. */
    private final AtomicInteger awaited = new AtomicInteger();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (!(msg instanceof PacketsMessage packets) || packets.getClient() == null
                || !EngineIOVersion.V4.equals(packets.getClient().getEngineIOVersion())) {
            ctx.fireChannelRead(msg);
            return;
        }
        ClientHead client = packets.getClient();
        boolean mayHoldBinary = mayHoldBinaryPacket(packets.getContent());
        int toDrop = mayHoldBinary || awaited.get() > 0 ? attachmentsToDrop.getOrDefault(client, 0) : 0;
        if (toDrop == 0 && !mayHoldBinary) {
            ctx.fireChannelRead(msg);
            return;
        }
        Stripped stripped = packets.getTransport() == Transport.WEBSOCKET
                ? stripFrame(packets.getContent(), toDrop)
                : stripPayload(packets.getContent().toString(CharsetUtil.UTF_8), toDrop);
        if (stripped.attachmentsToDrop() == 0) {
            if (attachmentsToDrop.remove(client) != null) {
                awaited.decrementAndGet();
            }
        } else if (attachmentsToDrop.put(client, stripped.attachmentsToDrop()) == null) {
            awaited.incrementAndGet(); // a connection gone with attachments still awaited keeps it above 0: only slower
        }
        if (stripped.asSent()) {
            ctx.fireChannelRead(msg);
        } else if (stripped.text() != null) {
            ctx.fireChannelRead(new PacketsMessage(client, Unpooled.copiedBuffer(stripped.text(), CharsetUtil.UTF_8),
                    packets.getTransport()));
        }
    }

    /**
     * What goes on to netty-socketio: the message as it was sent ({@code asSent}), this text, or nothing ({@code null});
     * and how many attachments are still to come.
     */
    record Stripped(boolean asSent, String text, int attachmentsToDrop) {
        static Stripped asSent(int attachmentsToDrop) {
            return new Stripped(true, null, attachmentsToDrop);
        }

        static Stripped replacedBy(String text, int attachmentsToDrop) {
            return new Stripped(false, text, attachmentsToDrop);
        }
    }

    /** One websocket frame: an attachment still expected (dropped), a binary event's header, or anything else as sent. */
    static Stripped stripFrame(ByteBuf frame, int toDrop) {
        if (toDrop > 0) {
            return Stripped.replacedBy(null, toDrop - 1);
        }
        Stripped header = stripHeader(frame.toString(CharsetUtil.UTF_8));
        return header != null ? header : Stripped.asSent(0);
    }

    /** A long-polling payload: Engine.IO packets separated by a record separator, attachments as {@code b} packets. */
    static Stripped stripPayload(String payload, int toDrop) {
        List<String> kept = new ArrayList<>();
        boolean changed = false;
        for (String packet : payload.split(String.valueOf(RECORD_SEPARATOR), -1)) {
            if (toDrop > 0 && packet.startsWith("b")) {
                toDrop--;
                changed = true;
                continue;
            }
            Stripped header = stripHeader(packet);
            if (header != null) {
                kept.add(header.text());
                toDrop = header.attachmentsToDrop();
                changed = true;
            } else {
                kept.add(packet);
                toDrop = 0;
            }
        }
        if (!changed) {
            return Stripped.asSent(toDrop);
        }
        return Stripped.replacedBy(kept.isEmpty() ? null : String.join(String.valueOf(RECORD_SEPARATOR), kept), toDrop);
    }

    /**
     * {@code 45<count>-<rest>} (binary event) or {@code 46<count>-<rest>} (binary ack) as {@code 42<rest>} or
     * {@code 43<rest>} with the count; {@code null} for any other packet.
     */
    static Stripped stripHeader(String packet) {
        if (packet.length() < 4 || packet.charAt(0) != '4' || (packet.charAt(1) != '5' && packet.charAt(1) != '6')) {
            return null;
        }
        int dash = 2;
        while (dash < packet.length() && Character.isDigit(packet.charAt(dash))) {
            dash++;
        }
        if (dash == 2 || dash == packet.length() || packet.charAt(dash) != '-') {
            return null;
        }
        int announced = dash - 2 > MAX_COUNT_DIGITS ? Integer.MAX_VALUE : Integer.parseInt(packet.substring(2, dash));
        // no more attachments than the header has stand-ins for: a count beyond them would swallow the packets after it
        int count = Math.min(announced, placeholders(packet));
        char plainType = packet.charAt(1) == '5' ? '2' : '3';
        return Stripped.replacedBy("4" + plainType + packet.substring(dash + 1), count);
    }

    private static int placeholders(String packet) {
        int found = 0;
        for (int at = packet.indexOf(PLACEHOLDER); at >= 0; at = packet.indexOf(PLACEHOLDER, at + 1)) {
            found++;
        }
        return found;
    }

    /** Cheap first look: does any packet of the message start with {@code 45} or {@code 46}? */
    private static boolean mayHoldBinaryPacket(ByteBuf content) {
        int start = content.readerIndex();
        int end = content.writerIndex();
        for (int i = start; i < end - 1; ) {
            if (content.getByte(i) == '4' && (content.getByte(i + 1) == '5' || content.getByte(i + 1) == '6')) {
                return true;
            }
            int next = content.indexOf(i, end, (byte) RECORD_SEPARATOR);
            if (next < 0) {
                return false;
            }
            i = next + 1;
        }
        return false;
    }
}
