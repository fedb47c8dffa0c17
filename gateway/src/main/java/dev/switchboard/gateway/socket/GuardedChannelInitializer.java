package dev.switchboard.gateway.socket;

import com.corundumstudio.socketio.SocketIOChannelInitializer;
import io.netty.channel.ChannelPipeline;

/**
 * netty-socketio's pipeline with our two fixes in front of its packet handler: the {@link BareConnectGuard}
 * (authentication of clients that send no auth object) and the {@link UpgradeNoopFlusher} (upgrade race).
 */
class GuardedChannelInitializer extends SocketIOChannelInitializer {
    private final BareConnectGuard.Decision decision;
    private final long upgradeTimeoutMs;

    GuardedChannelInitializer(BareConnectGuard.Decision decision, long upgradeTimeoutMs) {
        this.decision = decision;
        this.upgradeTimeoutMs = upgradeTimeoutMs;
    }

    @Override
    protected void addSocketioHandlers(ChannelPipeline pipeline) {
        super.addSocketioHandlers(pipeline);
        pipeline.addBefore(PACKET_HANDLER, "switchboardBareConnectGuard", new BareConnectGuard(decision));
        pipeline.addBefore(PACKET_HANDLER, "switchboardUpgradeNoopFlusher", new UpgradeNoopFlusher(upgradeTimeoutMs));
    }
}
