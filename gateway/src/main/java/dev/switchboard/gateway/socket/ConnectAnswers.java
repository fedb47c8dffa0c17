package dev.switchboard.gateway.socket;

import com.corundumstudio.socketio.messages.PacketsMessage;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps a connection's pushes behind its CONNECT answer. netty-socketio asks the auth listener, where the connection
 * opens and joins its rooms, before it queues the answer; a push to one of those rooms from another thread in between
 * (the user's own {@code user-status-changed}, a recovered session's replay) went out first, and the client read an
 * event of a namespace it was not connected to yet ({@code UnconnectedSessionsTest}). So a connection accepted there
 * {@link #awaitAnswer awaits its answer}: sends to it wait, and go out in order once the packets that carried its
 * CONNECT have been handled, which is when the answer has been queued. In front of netty-socketio's packet handler.
 */
@Component
@ChannelHandler.Sharable
class ConnectAnswers extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ConnectAnswers.class);

    private final Map<UUID, Waiting> waiting = new ConcurrentHashMap<>();
    /** How many wait (exact, unlike the map's own count under concurrent updates). */
    private final AtomicInteger awaited = new AtomicInteger();

    private static final class Waiting {
        private final List<Runnable> sends = new ArrayList<>();
        private boolean answered;
    }

    /** The connection's CONNECT is being accepted: what is sent to it waits until it was answered. */
    void awaitAnswer(UUID connection) {
        awaited.incrementAndGet();
        if (waiting.putIfAbsent(connection, new Waiting()) != null) {
            awaited.decrementAndGet(); // a second CONNECT in the same packets: the first one's sends keep waiting
        }
    }

    /** Whether some connection awaits its answer (if none does, a send need not ask {@link #send}). */
    boolean anyAwaited() {
        return awaited.get() > 0;
    }

    /** Runs {@code send} now, or once the connection's CONNECT has been answered. */
    void send(UUID connection, Runnable send) {
        Waiting entry = waiting.get(connection);
        if (entry != null) {
            synchronized (entry) {
                if (!entry.answered) {
                    entry.sends.add(send);
                    return;
                }
            }
        }
        send.run();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        UUID connection = msg instanceof PacketsMessage packets && packets.getClient() != null ? packets.getClient().getSessionId() : null;
        try {
            ctx.fireChannelRead(msg);
        } finally {
            if (connection != null) {
                answered(connection);
            }
        }
    }

    /** The packets that carried the connection's CONNECT were handled, and with them the answer queued. */
    void answered(UUID connection) {
        Waiting entry = awaited.get() > 0 ? waiting.get(connection) : null;
        if (entry == null) {
            return;
        }
        synchronized (entry) {
            for (Runnable send : entry.sends) {
                try {
                    send.run();
                } catch (RuntimeException e) { // the sends after it still go
                    log.warn("a send to connection {} after its CONNECT answer failed: {}", connection, e.toString());
                }
            }
            entry.sends.clear();
            entry.answered = true;
        }
        if (waiting.remove(connection, entry)) {
            awaited.decrementAndGet();
        }
    }
}
