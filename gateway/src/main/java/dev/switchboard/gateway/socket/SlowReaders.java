package dev.switchboard.gateway.socket;

import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.Transport;
import com.corundumstudio.socketio.handler.ClientHead;
import com.corundumstudio.socketio.messages.OutPacketMessage;
import com.corundumstudio.socketio.protocol.Packet;
import com.corundumstudio.socketio.protocol.PacketType;
import com.corundumstudio.socketio.transport.NamespaceClient;
import dev.switchboard.gateway.metrics.GatewayMetrics;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.AttributeKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Connections that do not read what they are sent. netty-socketio writes every packet to a connection whatever it still
 * holds unsent, and any packet from the client (a pong will do) keeps the connection alive, so a client that stops
 * reading, a frozen phone or a hostile script, made the gateway hold ever more of its pushes in memory. A connection
 * whose unsent backlog passes its limit is closed here as a dropped network would close it: without Socket.IO's
 * DISCONNECT, so an official client reconnects by itself and recovers what it missed from the log (connection state
 * recovery), at the pace it reads, since a replay sends only while the connection takes more ({@link #readyForMore}).
 * <ul>
 * <li>Websocket: the bytes written to the connection and not yet taken by its socket, checked on every frame written
 * while the channel is over its high water mark (a quarter of the limit, at least Netty's 64 KiB), against
 * {@code maxUnsentBytes}.</li>
 * <li>Long-polling: the packets waiting for the client's next poll, checked by {@link #sweep} every second against
 * {@code maxUnsentPackets}; the waiting packets are dropped, a poll still open is answered Engine.IO's CLOSE and the
 * session ends (a later poll is told the session is unknown).</li>
 * </ul>
 */
@ChannelHandler.Sharable
final class SlowReaders extends ChannelOutboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(SlowReaders.class);
    private static final AttributeKey<UUID> SESSION = AttributeKey.valueOf("switchboard.websocketSession");
    /** A replay sends a polling connection more only while fewer packets than this wait for its next poll: two polls' worth. */
    static final int REPLAY_AHEAD_POLLED = 100;
    /** Netty's own water marks, kept as the least: the limits may be set lower than they are. */
    private static final int LOW_WATER_MARK = 32 * 1024;
    private static final int HIGH_WATER_MARK = 64 * 1024;
    private final long maxUnsentBytes;
    private final int maxUnsentPackets;
    private final GatewayMetrics metrics;
    /** What a replay may have waiting for a websocket: a quarter of the limit, so a client that reads at once never waits. */
    private final long replayAheadBytes;
    private final WriteBufferWaterMark waterMark;
    private final Map<UUID, Channel> websockets = new ConcurrentHashMap<>();

    SlowReaders(long maxUnsentBytes, int maxUnsentPackets, GatewayMetrics metrics) {
        this.maxUnsentBytes = maxUnsentBytes;
        this.maxUnsentPackets = maxUnsentPackets;
        this.metrics = metrics;
        this.replayAheadBytes = Math.max(HIGH_WATER_MARK, maxUnsentBytes / 4);
        this.waterMark = new WriteBufferWaterMark((int) Math.min(Integer.MAX_VALUE, Math.max(LOW_WATER_MARK, replayAheadBytes / 2)),
                (int) Math.min(Integer.MAX_VALUE, replayAheadBytes));
    }

    /** A channel is unwritable from a quarter of the limit on: a replay sends while it is writable ({@link #readyForMore}). */
    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        ctx.channel().config().setWriteBufferWaterMark(waterMark);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        boolean frame = msg instanceof WebSocketFrame;
        Channel channel = ctx.channel();
        if (msg instanceof OutPacketMessage out && out.getTransport() == Transport.WEBSOCKET) {
            remember(channel, out.getSessionId());
        }
        ctx.write(msg, promise);
        if (frame && !channel.isWritable() && channel.isOpen()) {
            ChannelOutboundBuffer unsent = channel.unsafe().outboundBuffer();
            long bytes = unsent == null ? 0 : unsent.totalPendingWriteBytes();
            if (bytes > maxUnsentBytes) {
                UUID session = channel.attr(SESSION).get();
                log.warn("closing websocket connection {}: {} bytes sent to it are still unread (at most {})",
                        session == null ? channel.remoteAddress() : session, bytes, maxUnsentBytes);
                metrics.slowReaderClosed("websocket");
                channel.close();
            }
        }
    }

    /** The websocket of each session, which netty-socketio does not give out: to close a transport without a DISCONNECT. */
    private void remember(Channel channel, UUID session) {
        if (channel.attr(SESSION).setIfAbsent(session) == null) {
            websockets.put(session, channel);
            channel.closeFuture().addListener(closed -> websockets.remove(session, channel));
        }
    }

    /**
     * Closes the connection's transport as a dropped network would, without Socket.IO's DISCONNECT: the client comes back
     * by itself and recovers what it missed from its last offset. For a connection whose replay could not finish.
     */
    void closeTransport(SocketIOClient client, String why) {
        Channel websocket = websockets.get(client.getSessionId());
        if (websocket != null) {
            log.warn("closing websocket connection {}: {}", client.getSessionId(), why);
            metrics.slowReaderClosed("websocket");
            websocket.close();
        } else if (client instanceof NamespaceClient namespaceClient && namespaceClient.getBaseClient().getCurrentTransport() == Transport.POLLING) {
            log.warn("closing long-polling connection {}: {}", client.getSessionId(), why);
            metrics.slowReaderClosed("polling");
            closePolling(namespaceClient.getBaseClient());
        }
    }

    /** Closes the long-polling connections among {@code clients} that have more than their limit of packets waiting. */
    void sweep(Collection<SocketIOClient> clients) {
        for (SocketIOClient client : clients) {
            try {
                if (client instanceof NamespaceClient namespaceClient) {
                    ClientHead head = namespaceClient.getBaseClient();
                    if (head.isConnected() && head.getCurrentTransport() == Transport.POLLING
                            && holdsMoreThan(head.getPacketsQueue(Transport.POLLING), maxUnsentPackets)) {
                        log.warn("closing long-polling connection {}: more than {} packets wait for a poll that does not come",
                                head.getSessionId(), maxUnsentPackets);
                        metrics.slowReaderClosed("polling");
                        closePolling(head);
                    }
                }
            } catch (RuntimeException e) { // a failure must not end the sweeps: a scheduled task that throws is not run again
                log.warn("could not check connection {} for a backlog: {}", client.getSessionId(), e.toString());
            }
        }
    }

    private void closePolling(ClientHead head) {
        head.getPacketsQueue(Transport.POLLING).clear();
        head.send(new Packet(PacketType.CLOSE, head.getEngineIOVersion()), Transport.POLLING);
        head.onChannelDisconnect();
    }

    /**
     * Whether the connection takes a packet of about {@code packetBytes} more now. On websocket: its channel holds less
     * than a quarter of the limit unsent (it is writable), and fewer packets of that size than a quarter of the limit
     * wait to be written (between 8 and 1,024): a packet sent from a replay's thread is written by the connection's event
     * loop later, so the channel alone would let a replay queue far past the limit before the first of them is counted.
     * On long-polling: fewer than {@link #REPLAY_AHEAD_POLLED} packets wait for its next poll.
     */
    boolean readyForMore(SocketIOClient client, int packetBytes) {
        if (!(client instanceof NamespaceClient namespaceClient)) {
            return true;
        }
        ClientHead head = namespaceClient.getBaseClient();
        Transport transport = head.getCurrentTransport();
        if (transport == Transport.WEBSOCKET) {
            int ahead = (int) Math.max(8, Math.min(1024, replayAheadBytes / Math.max(1, packetBytes)));
            return !holdsMoreThan(head.getPacketsQueue(transport), ahead - 1) && head.isWritable();
        }
        return !holdsMoreThan(head.getPacketsQueue(transport), REPLAY_AHEAD_POLLED - 1);
    }

    /** Counts no further than needed: the queue's own size walks all of it. */
    private static boolean holdsMoreThan(Queue<?> queue, int limit) {
        Iterator<?> elements = queue.iterator();
        for (int seen = 0; elements.hasNext(); seen++) {
            if (seen == limit) {
                return true;
            }
            elements.next();
        }
        return false;
    }
}
