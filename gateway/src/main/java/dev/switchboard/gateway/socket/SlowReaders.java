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

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
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
 * while the channel is over its high water mark (a quarter of the limit), against {@code maxUnsentBytes}.</li>
 * <li>Long-polling: the packets waiting for the client's next poll, checked by {@link #sweep} every second against
 * {@code maxUnsentPackets}, once the client has taken none of them for {@link #POLLS_STALLED_AFTER}; the waiting
 * packets are dropped, a poll still open is answered Engine.IO's CLOSE and the session ends (a later poll is told the
 * session is unknown).</li>
 * </ul>
 */
@ChannelHandler.Sharable
final class SlowReaders extends ChannelOutboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(SlowReaders.class);
    private static final AttributeKey<UUID> SESSION = AttributeKey.valueOf("switchboard.websocketSession");
    /** A replay sends a polling connection more only while fewer packets than this wait for its next poll: two polls' worth. */
    static final int REPLAY_AHEAD_POLLED = 100;
    /** How long a polling connection over its limit may take none of its waiting packets before it is closed. */
    static final Duration POLLS_STALLED_AFTER = Duration.ofSeconds(3);
    private final long maxUnsentBytes;
    private final int maxUnsentPackets;
    private final GatewayMetrics metrics;
    /** What a replay may have waiting for a websocket: a quarter of the limit, so a client that reads at once never waits. */
    private final long replayAheadBytes;
    private final WriteBufferWaterMark waterMark;
    private final Map<UUID, Channel> websockets = new ConcurrentHashMap<>();
    /** Only the sweep's thread reads and writes it. */
    private final Map<UUID, FirstWaiting> overLimit = new HashMap<>();

    SlowReaders(long maxUnsentBytes, int maxUnsentPackets, GatewayMetrics metrics) {
        this.maxUnsentBytes = maxUnsentBytes;
        this.maxUnsentPackets = maxUnsentPackets;
        this.metrics = metrics;
        this.replayAheadBytes = maxUnsentBytes / 4;
        int high = (int) Math.min(Integer.MAX_VALUE, replayAheadBytes);
        this.waterMark = new WriteBufferWaterMark(high / 2, high);
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
     * by itself and recovers what it missed from its last offset. For a connection whose replay could not finish. The
     * transport the session uses now is closed (during an upgrade's probe, that is still long-polling: closing the probe
     * would make the library send a DISCONNECT on the poll).
     */
    void closeTransport(SocketIOClient client, String why) {
        if (!(client instanceof NamespaceClient namespaceClient)) {
            return;
        }
        ClientHead head = namespaceClient.getBaseClient();
        if (head.getCurrentTransport() == Transport.POLLING) {
            log.warn("closing long-polling connection {}: {}", client.getSessionId(), why);
            metrics.slowReaderClosed("polling");
            closePolling(head);
            return;
        }
        log.warn("closing websocket connection {}: {}", client.getSessionId(), why);
        metrics.slowReaderClosed("websocket");
        Channel websocket = websockets.get(client.getSessionId());
        if (websocket != null) {
            websocket.close();
        } else {
            head.onChannelDisconnect(); // nothing has gone through its websocket yet: the session ends here, the client sees its ping timeout
        }
    }

    /**
     * Closes the long-polling connections among {@code clients} that have more than their limit of packets waiting and
     * took none of them for {@link #POLLS_STALLED_AFTER}: a client that polls as fast as it can is not closed for a burst
     * larger than the limit (a poll takes at most 50), a client that does not poll is.
     */
    void sweep(Collection<SocketIOClient> clients) {
        long now = System.nanoTime();
        Set<UUID> over = new HashSet<>();
        for (SocketIOClient client : clients) {
            try {
                if (client instanceof NamespaceClient namespaceClient) {
                    ClientHead head = namespaceClient.getBaseClient();
                    Queue<Packet> waiting = head.getPacketsQueue(Transport.POLLING);
                    if (head.isConnected() && head.getCurrentTransport() == Transport.POLLING && holdsMoreThan(waiting, maxUnsentPackets)) {
                        over.add(head.getSessionId());
                        closeIfStalled(head, waiting.peek(), now);
                    }
                }
            } catch (RuntimeException e) { // a failure must not end the sweeps: a scheduled task that throws is not run again
                log.warn("could not check connection {} for a backlog: {}", client.getSessionId(), e.toString());
            }
        }
        overLimit.keySet().retainAll(over);
    }

    /** The first packet waiting and since when it is the first, for each polling connection over its limit. */
    private record FirstWaiting(Packet packet, long sinceNanos) {
    }

    private void closeIfStalled(ClientHead head, Packet first, long now) {
        FirstWaiting seen = overLimit.get(head.getSessionId());
        if (seen == null || seen.packet() != first) {
            overLimit.put(head.getSessionId(), new FirstWaiting(first, now));
        } else if (now - seen.sinceNanos() >= POLLS_STALLED_AFTER.toNanos()) {
            overLimit.remove(head.getSessionId());
            log.warn("closing long-polling connection {}: more than {} packets wait for a poll that has not come for {} s",
                    head.getSessionId(), maxUnsentPackets, POLLS_STALLED_AFTER.toSeconds());
            metrics.slowReaderClosed("polling");
            closePolling(head);
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
