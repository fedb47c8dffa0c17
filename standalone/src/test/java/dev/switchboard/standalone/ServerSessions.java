package dev.switchboard.standalone;

import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.SocketIOServer;
import com.corundumstudio.socketio.Transport;
import com.corundumstudio.socketio.handler.ClientHead;
import com.corundumstudio.socketio.transport.NamespaceClient;
import dev.switchboard.gateway.socket.SocketServer;
import org.springframework.context.ConfigurableApplicationContext;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * What the gateways of this test JVM know of an Engine.IO session, to say where a connect that never completed stopped
 * (the client's requests in flight name their session). Diagnosis only: it reads netty-socketio's state by reflection.
 */
final class ServerSessions {
    private static final List<ConfigurableApplicationContext> GATEWAYS = new CopyOnWriteArrayList<>();

    private ServerSessions() {
    }

    static void watch(ConfigurableApplicationContext gateway) {
        GATEWAYS.add(gateway);
    }

    static void forget(ConfigurableApplicationContext gateway) {
        GATEWAYS.remove(gateway);
    }

    /** Each watched gateway's view of the session {@code sid}. */
    static String describe(String sid) {
        return GATEWAYS.stream().filter(ConfigurableApplicationContext::isActive).map(gateway -> describe(gateway, sid))
                .collect(Collectors.joining("; ", "server's view of " + sid + ": [", "]"));
    }

    private static String describe(ConfigurableApplicationContext gateway, String sid) {
        try {
            SocketServer sockets = gateway.getBean(SocketServer.class);
            SocketIOServer server = (SocketIOServer) field(sockets, "server");
            SocketIOClient client = server.getClient(UUID.fromString(sid));
            if (!(client instanceof NamespaceClient namespaceClient)) {
                return "not in the main namespace" + (client == null ? "" : " (" + client.getClass().getSimpleName() + ")");
            }
            ClientHead head = namespaceClient.getBaseClient();
            Object sessions = field(sockets, "sessions");
            Method isOpen = sessions.getClass().getDeclaredMethod("isOpen", String.class);
            isOpen.setAccessible(true);
            boolean opened = (boolean) isOpen.invoke(sessions, sid);
            return "transport " + head.getCurrentTransport() + ", connected " + head.isConnected() + ", channel open "
                    + head.isChannelOpen() + ", namespaces " + head.getNamespaces().size() + ", session opened " + opened
                    + ", waiting on polling " + waiting(head, Transport.POLLING) + ", on websocket " + waiting(head, Transport.WEBSOCKET);
        } catch (Exception | LinkageError e) {
            return "could not look: " + e;
        }
    }

    private static String waiting(ClientHead head, Transport transport) {
        return head.getPacketsQueue(transport).stream().limit(10)
                .map(packet -> packet.getType() + (packet.getSubType() == null ? "" : "/" + packet.getSubType()))
                .collect(Collectors.joining(",", "[", "]"));
    }

    private static Object field(Object owner, String name) throws ReflectiveOperationException {
        Field field = owner.getClass().getDeclaredField(name);
        field.setAccessible(true);
        return field.get(owner);
    }
}
