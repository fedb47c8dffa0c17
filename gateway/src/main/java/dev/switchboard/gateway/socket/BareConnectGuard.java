package dev.switchboard.gateway.socket;

import com.corundumstudio.socketio.handler.ClientHead;
import com.corundumstudio.socketio.messages.PacketsMessage;
import com.corundumstudio.socketio.protocol.EngineIOVersion;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.CharsetUtil;
import io.netty.util.ReferenceCountUtil;

/**
 * Sees a connection's Socket.IO packets before netty-socketio does. netty-socketio lets a v4 client whose
 * CONNECT packet carries no {@code auth} object in without asking any auth listener; this guard decides
 * for exactly that case: the token must then come from the handshake's query or Authorization header.
 * With no valid token the client gets CONNECT_ERROR {@code { message: "unauthorized" }} and the packet is
 * dropped; with one, the packet goes on and the connection is reported authenticated.
 */
class BareConnectGuard extends ChannelInboundHandlerAdapter {
    /** Engine.IO MESSAGE ('4') carrying a Socket.IO CONNECT ('0') to the default namespace, with no data. */
    private static final String BARE_CONNECT = "40";
    /** Between the Engine.IO packets of one long-polling request. */
    static final char RECORD_SEPARATOR = '\u001e';

    interface Decision {
        /** True to let the bare CONNECT through; false after refusing the client. */
        boolean admitWithoutAuthObject(ClientHead client);

        /** Called after netty-socketio processed an admitted bare CONNECT. */
        void admitted(ClientHead client);
    }

    private final Decision decision;

    BareConnectGuard(Decision decision) {
        this.decision = decision;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (!(msg instanceof PacketsMessage packets) || !isBareConnect(packets)) {
            ctx.fireChannelRead(msg);
            return;
        }
        ClientHead client = packets.getClient();
        if (!decision.admitWithoutAuthObject(client)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        ctx.fireChannelRead(msg);
        decision.admitted(client);
    }

    private static boolean isBareConnect(PacketsMessage packets) {
        if (packets.getClient() == null || !EngineIOVersion.V4.equals(packets.getClient().getEngineIOVersion())) {
            return false;
        }
        String content = packets.getContent().toString(CharsetUtil.UTF_8);
        for (String packet : content.split(String.valueOf(RECORD_SEPARATOR))) {
            if (packet.trim().equals(BARE_CONNECT)) {
                return true;
            }
        }
        return false;
    }
}
