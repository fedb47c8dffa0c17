package dev.switchboard.gateway.socket;

import com.corundumstudio.socketio.Transport;
import com.corundumstudio.socketio.handler.ClientHead;
import com.corundumstudio.socketio.messages.PacketsMessage;
import com.corundumstudio.socketio.protocol.Packet;
import com.corundumstudio.socketio.protocol.PacketType;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.CharsetUtil;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fixes netty-socketio's upgrade race. During a polling → websocket upgrade the client waits for its
 * in-flight poll to return before it sends the upgrade packet. netty-socketio answers the websocket probe
 * by sending one NOOP to the polling transport; when that NOOP completes a poll the client had already
 * finished, the client's next poll hangs until the upgrade times out. Like the reference Node.js server,
 * we keep offering a NOOP to the polling transport every {@value #FLUSH_EVERY_MS} ms until the client has
 * upgraded (or the upgrade timed out), so the poll the client waits for always returns.
 */
class UpgradeNoopFlusher extends ChannelInboundHandlerAdapter {
    static final long FLUSH_EVERY_MS = 100;
    /** Engine.IO PING with the "probe" payload, the client's first packet on the new websocket. */
    private static final String PROBE = "2probe";

    private final long giveUpAfterMs;

    UpgradeNoopFlusher(long upgradeTimeoutMs) {
        this.giveUpAfterMs = upgradeTimeoutMs;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof PacketsMessage packets && packets.getTransport() == Transport.WEBSOCKET
                && packets.getClient() != null && PROBE.equals(packets.getContent().toString(CharsetUtil.UTF_8))) {
            flushUntilUpgraded(ctx, packets.getClient());
        }
        ctx.fireChannelRead(msg);
    }

    private void flushUntilUpgraded(ChannelHandlerContext ctx, ClientHead client) {
        long giveUpAt = System.currentTimeMillis() + giveUpAfterMs;
        AtomicReference<ScheduledFuture<?>> task = new AtomicReference<>();
        task.set(ctx.executor().scheduleAtFixedRate(() -> {
            boolean upgraded = client.getCurrentTransport() == Transport.WEBSOCKET;
            if (upgraded || !ctx.channel().isActive() || System.currentTimeMillis() > giveUpAt) {
                task.get().cancel(false);
                return;
            }
            if (client.getPacketsQueue(Transport.POLLING).isEmpty()) {
                client.send(new Packet(PacketType.NOOP, client.getEngineIOVersion()), Transport.POLLING);
            }
        }, FLUSH_EVERY_MS, FLUSH_EVERY_MS, TimeUnit.MILLISECONDS));
    }
}
