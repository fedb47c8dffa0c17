package dev.switchboard.gateway.socket;

import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.SocketIOChannelInitializer;
import com.corundumstudio.socketio.SocketIOServer;
import com.corundumstudio.socketio.handler.EncoderHandler;
import com.corundumstudio.socketio.namespace.Namespace;
import com.corundumstudio.socketio.namespace.NamespacesHub;
import com.corundumstudio.socketio.scheduler.CancelableScheduler;
import dev.switchboard.gateway.web.WebConfiguration;
import io.netty.channel.ChannelPipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * netty-socketio's pipeline with our eleven fixes: the {@link UndecodableRequestRefusal} (a request its HTTP decoder could
 * not read was left unanswered), the {@link EngineRequestRefusal} (requests for unknown sessions and with wrong methods
 * answered 500 or not at all), the {@link BinaryEventStripper} (binary attachments, refused), the
 * {@link BareConnectGuard} (authentication of clients that send no auth object), the {@link UpgradeNoopFlusher}
 * (upgrade race), the {@link SessionPacketsInOrder} (a session's packets handled out of order when they came on
 * different connections), the {@link ConnectAnswers} (pushes sent before the CONNECT answer) and the
 * {@link OnePacketPerMessage} (its decoder's copies of batched packets, never released) in front of its packet handler, the {@link ConnectTimeout} (sessions that never connect, kept for as long as they answer pings) behind its
 * authorize handler, its encoder with the {@link WholeBatchPacketEncoder} (a packet lost on long-polling whenever more
 * than 50 were waiting), and the {@link SlowReaders} (a connection that does not read what it is sent) in front of that
 * encoder.
 */
class GuardedChannelInitializer extends SocketIOChannelInitializer {
    private final BareConnectGuard.Decision decision;
    private final ConnectAnswers connectAnswers;
    private final SlowReaders slowReaders;
    private final long upgradeTimeoutMs;
    private final long connectTimeoutMs;
    private final Predicate<UUID> connected;
    private final BinaryEventStripper binaryEventStripper = new BinaryEventStripper();
    private final SessionPacketsInOrder sessionPacketsInOrder = new SessionPacketsInOrder();
    private final OnePacketPerMessage onePacketPerMessage = new OnePacketPerMessage();
    private final UndecodableRequestRefusal undecodableRequestRefusal = new UndecodableRequestRefusal(WebConfiguration.MAX_REQUEST_HEADER_KIB);
    private EncoderHandler encoder;
    private ConnectTimeout connectTimeout;
    private EngineRequestRefusal engineRequestRefusal;

    /** {@code connected}: whether a session's CONNECT was accepted ({@link ConnectTimeout}). */
    GuardedChannelInitializer(BareConnectGuard.Decision decision, ConnectAnswers connectAnswers, SlowReaders slowReaders,
                              long upgradeTimeoutMs, long connectTimeoutMs, Predicate<UUID> connected) {
        this.decision = decision;
        this.connectAnswers = connectAnswers;
        this.slowReaders = slowReaders;
        this.upgradeTimeoutMs = upgradeTimeoutMs;
        this.connectTimeoutMs = connectTimeoutMs;
        this.connected = connected;
    }

    /**
     * Makes {@code guarded} the server's pipeline, releasing the one the library built with the server: its scheduler holds
     * a Netty {@code HashedWheelTimer}, and one dropped unreleased makes Netty's leak detector log an ERROR ("LEAK:
     * HashedWheelTimer.release() was not called") once the collector finds it, in every gateway's log. The library has no
     * way to build a server with another pipeline, nor to reach the one it built: read by reflection.
     */
    static void install(SocketIOServer server, GuardedChannelInitializer guarded) {
        SocketIOChannelInitializer built = (SocketIOChannelInitializer) read(SocketIOServer.class, "pipelineFactory", server);
        server.setPipelineFactory(guarded);
        ((CancelableScheduler) read(SocketIOChannelInitializer.class, "scheduler", built)).shutdown();
    }

    private static Object read(Class<?> type, String field, Object of) {
        try {
            Field declared = type.getDeclaredField(field);
            declared.setAccessible(true);
            return declared.get(of);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("netty-socketio's " + type.getSimpleName() + " has no " + field + " field any more", e);
        }
    }

    @Override
    public void start(Configuration configuration, NamespacesHub namespacesHub) {
        super.start(configuration, namespacesHub);
        connectTimeout = new ConnectTimeout(connectTimeoutMs, connected, this);
        // the library puts a session in the main namespace at its first GET (a handshake is one: others are refused),
        // just after it has answered it; until then the connect timeout knows it
        Namespace main = namespacesHub.get(Namespace.DEFAULT_NAME);
        engineRequestRefusal = new EngineRequestRefusal(configuration.getContext() + "/",
                session -> main.getClient(session) != null || connectTimeout.isHandshaken(session));
        try {
            // as the library builds its own (one shared handler, the configuration's JSON support), with the fixed encoder
            encoder = new EncoderHandler(configuration, new WholeBatchPacketEncoder(configuration, configuration.getJsonSupport()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected void addSocketioHandlers(ChannelPipeline pipeline) {
        super.addSocketioHandlers(pipeline);
        pipeline.replace(SOCKETIO_ENCODER, SOCKETIO_ENCODER, encoder);
        // in front of the encoder: it sees the packets handed to it (which name their session) and the websocket frames it
        // writes (through the whole pipeline)
        pipeline.addAfter(SOCKETIO_ENCODER, "switchboardSlowReaders", slowReaders);
        // behind the aggregator (which passes an undecodable request on whole) and the HTTP encoders its answer needs
        pipeline.addBefore(PACKET_HANDLER, "switchboardUndecodableRequestRefusal", undecodableRequestRefusal);
        pipeline.addBefore(PACKET_HANDLER, "switchboardEngineRequestRefusal", engineRequestRefusal);
        // in front of the packet handler, which comes before the polling transport: requests and frames' packets pass
        // here, and the guards after it see a session's packets in order too
        pipeline.addBefore(PACKET_HANDLER, "switchboardSessionPacketsInOrder", sessionPacketsInOrder);
        pipeline.addBefore(PACKET_HANDLER, "switchboardBinaryEventStripper", binaryEventStripper);
        pipeline.addBefore(PACKET_HANDLER, "switchboardBareConnectGuard", new BareConnectGuard(decision));
        pipeline.addBefore(PACKET_HANDLER, "switchboardUpgradeNoopFlusher", new UpgradeNoopFlusher(upgradeTimeoutMs));
        pipeline.addBefore(PACKET_HANDLER, "switchboardConnectAnswers", connectAnswers);
        // last: the guards in front see a payload whole
        pipeline.addBefore(PACKET_HANDLER, "switchboardOnePacketPerMessage", onePacketPerMessage);
        // behind the authorize handler, which has made a handshake's session by then
        pipeline.addAfter(AUTHORIZE_HANDLER, "switchboardConnectTimeout", connectTimeout);
    }
}
