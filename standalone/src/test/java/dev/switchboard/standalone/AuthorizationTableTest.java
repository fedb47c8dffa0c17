package dev.switchboard.standalone;

import dev.switchboard.events.Ids;
import dev.switchboard.gateway.auth.Authorization;
import dev.switchboard.gateway.auth.Authorization.Caller;
import dev.switchboard.gateway.auth.Authorization.Ownership;
import dev.switchboard.gateway.auth.Authorization.Row;
import dev.switchboard.gateway.auth.Operation;
import dev.switchboard.gateway.socket.SocketEvents;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The authorization table ({@link Authorization}) row by row, end to end: every operation × caller × ownership is asked
 * of the running stack, over Socket.IO (the Java socket.io-client, one connection per caller, reused) for socket events
 * and over HTTP for REST endpoints, and must be answered exactly as the table says (allowed, or its refusal code). One
 * shared world (a chat, tickets and notifications of each kind of caller, and the same of other users), fresh ids where a
 * row needs something that is nobody's. Also: every registered socket event and controller mapping has its operation,
 * and docs/PROTOCOL.md holds the table as the code has it.
 */
class AuthorizationTableTest {
    private static final String DOC_START = "<!-- authorization-table:start (generated from Authorization; AuthorizationTableTest checks it) -->";
    private static final String DOC_END = "<!-- authorization-table:end -->";

    private static World world;

    /** The users, their things and their connections every row uses. */
    static final class World {
        final TestStack stack = TestStack.shared();
        final Map<Caller, String> ids = new EnumMap<>(Caller.class);
        final Map<Caller, SocketClient> sockets = new EnumMap<>(Caller.class);
        final String otherClient = Ids.newId();
        final String otherProvider = Ids.newId();
        String chat;
        String otherChat;
        final Map<Caller, String> tickets = new EnumMap<>(Caller.class);
        final Map<Caller, String> ticketMessages = new EnumMap<>(Caller.class);
        final Map<Caller, String> notifications = new EnumMap<>(Caller.class);
        String otherTicket;
        String otherTicketMessage;
        String otherNotification;

        World() throws Exception {
            for (Caller caller : Caller.values()) {
                ids.put(caller, Ids.newId());
                sockets.put(caller, SocketClient.connected(stack, ids.get(caller), tokenRole(caller)));
            }
            String service = token(Caller.SERVICE);
            Rest.send(stack, "POST", "/api/users", service, Rest.json("userId", otherClient, "role", "client"));
            Rest.send(stack, "POST", "/api/users", service, Rest.json("userId", otherProvider, "role", "provider"));
            chat = Rest.openChat(stack, ids.get(Caller.CLIENT), "client", ids.get(Caller.PROVIDER));
            otherChat = Rest.openChat(stack, otherClient, "client", otherProvider);
            for (Caller owner : List.of(Caller.CLIENT, Caller.PROVIDER)) {
                tickets.put(owner, openTicket(token(owner)));
                ticketMessages.put(owner, firstMessageOf(tickets.get(owner), token(owner)));
            }
            String otherToken = stack.token(otherClient, "client");
            otherTicket = openTicket(otherToken);
            otherTicketMessage = firstMessageOf(otherTicket, otherToken);
            for (Caller caller : List.of(Caller.CLIENT, Caller.PROVIDER, Caller.ADMIN, Caller.SERVICE)) {
                notifications.put(caller, notify(ids.get(caller)));
            }
            otherNotification = notify(otherClient);
        }

        String token(Caller caller) {
            return stack.token(ids.get(caller), tokenRole(caller));
        }

        private String openTicket(String token) throws Exception {
            Rest.Response opened = Rest.send(stack, "POST", "/api/support/tickets", token, Rest.json("subject", "Table", "message", "hello"));
            assertEquals(201, opened.status(), opened.text());
            return opened.body().getString("_id");
        }

        private String firstMessageOf(String ticketId, String token) throws Exception {
            return Rest.get(stack, "/api/support/tickets/" + ticketId + "/messages", token).body().getJSONArray("messages")
                    .getJSONObject(0).getString("_id");
        }

        private String notify(String userId) throws Exception {
            Rest.Response created = Rest.send(stack, "POST", "/api/notifications", token(Caller.SERVICE),
                    Rest.json("userId", userId, "type", "table", "title", "Row", "message", "for the table"));
            assertEquals(201, created.status(), created.text());
            return created.body().getString("_id");
        }

        void close() {
            sockets.values().forEach(SocketClient::close);
        }
    }

    /** An outsider holds a provider token and takes part in nothing. */
    private static String tokenRole(Caller caller) {
        return caller == Caller.OUTSIDER ? "provider" : caller.name().toLowerCase(java.util.Locale.ROOT);
    }

    @BeforeAll
    static void buildTheWorld() throws Exception {
        world = new World();
    }

    @AfterAll
    static void closeTheConnections() {
        if (world != null) {
            world.close();
        }
    }

    static Stream<Row> rows() {
        return Authorization.rows().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void everyRowIsAnsweredAsTheTableSays(Row row) throws Exception {
        String expected = row.verdict().allowed() ? "OK" : row.verdict().refusal().name();
        String answered = row.operation().channel() == Operation.Channel.SOCKET ? overSocket(row) : overRest(row);
        assertEquals(expected, answered, row.operation().wireName() + " by " + row.caller() + " on " + row.ownership()
                + " (table: " + row.verdict().describe() + ")");
    }

    // ---- the subject each row names

    /** The caller's id; over REST an outsider is a new user for every row (what it does must not make it a participant). */
    private static String callerId(Row row, boolean rest) {
        return rest && row.caller() == Caller.OUTSIDER ? Ids.newId() : world.ids.get(row.caller());
    }

    private static String subject(Row row, String callerId) {
        boolean own = row.ownership() == Ownership.OWN;
        Caller caller = row.caller();
        boolean party = caller == Caller.CLIENT || caller == Caller.PROVIDER;
        return switch (row.operation().subject()) {
            case NONE -> null;
            case USER -> own ? callerId : row.operation() == Operation.OPEN_CHAT ? counterpartOf(caller) : world.otherClient;
            case CHAT, ROOM -> own ? (party ? world.chat : Ids.newId()) : world.otherChat;
            case TICKET -> own ? world.tickets.getOrDefault(caller, Ids.newId()) : world.otherTicket;
            case TICKET_MESSAGE -> own ? world.ticketMessages.getOrDefault(caller, Ids.newId()) : world.otherTicketMessage;
            case NOTIFICATION -> own ? world.notifications.getOrDefault(caller, Ids.newId()) : world.otherNotification;
        };
    }

    /** Someone of the other side to open a chat with (an outsider holds a provider token). */
    private static String counterpartOf(Caller caller) {
        return caller == Caller.PROVIDER || caller == Caller.OUTSIDER ? world.otherClient : world.otherProvider;
    }

    // ---- over Socket.IO

    private static String overSocket(Row row) throws Exception {
        SocketClient socket = world.sockets.get(row.caller());
        String callerId = callerId(row, false);
        String subject = subject(row, callerId);
        String event = row.operation().wireName();
        JSONObject ack = switch (row.operation()) {
            case USER_JOIN, JOIN_CHAT, LEAVE_CHAT, MARK_MESSAGES_READ, GET_ONLINE_STATUS, JOIN_NOTIFICATIONS,
                    MARK_ALL_NOTIFICATIONS_READ, GET_UNREAD_COUNT -> socket.emitWithAck(event, subject);
            case SEND_MESSAGE -> socket.emitWithAck(event, Rest.json("chatId", subject, "content", "a row of the table"));
            case TYPING_START, TYPING_STOP -> {
                if (subject.equals(world.chat)) {
                    socket.emitWithAck("join-chat", subject);
                }
                // a caller with no chat of their own types in the room every connection is in: their personal room
                JSONObject typing = row.ownership() == Ownership.OWN && !subject.equals(world.chat)
                        ? Rest.json("roomId", callerId, "userId", callerId) : Rest.json("chatId", subject);
                yield socket.emitWithAck(event, typing);
            }
            case SET_ONLINE_STATUS -> socket.emitWithAck(event, Rest.json("userId", subject, "isOnline", true));
            case MARK_NOTIFICATION_READ -> socket.emitWithAck(event, Rest.json("notificationId", subject));
            case JOIN_SUPPORT_TICKET -> socket.emitWithAck(event, Rest.json("ticketId", subject));
            case JOIN_SUPPORT_DASHBOARD, LEAVE_SUPPORT_DASHBOARD -> socket.emitWithAck(event, new JSONObject());
            case LEAVE_SUPPORT_TICKET -> socket.emitWithAck(event, Rest.json("ticketId", subject));
            case SUPPORT_MESSAGE -> socket.emitWithAck(event, Rest.json("ticketId", subject, "content", "a row of the table"));
            case SUPPORT_TYPING_START, SUPPORT_TYPING_STOP -> {
                socket.emitWithAck("join-support-ticket", Rest.json("ticketId", subject)); // typing needs the room
                yield socket.emitWithAck(event, Rest.json("ticketId", subject));
            }
            case MARK_MESSAGE_READ -> socket.emitWithAck(event, Rest.json("messageId", subject));
            default -> throw new AssertionError(row.operation() + " is not a socket event");
        };
        return ack.optBoolean("ok") ? "OK" : ack.getJSONObject("error").getString("code");
    }

    // ---- over HTTP

    private static String overRest(Row row) throws Exception {
        String callerId = callerId(row, true);
        String token = world.stack.token(callerId, tokenRole(row.caller()));
        String subject = subject(row, callerId);
        TestStack stack = world.stack;
        Rest.Response response = switch (row.operation()) {
            case OPEN_CHAT -> Rest.send(stack, "POST", "/api/chats", token, Rest.json("participantId", subject));
            case LIST_CHATS -> Rest.get(stack, "/api/chats", token);
            case CHAT_HISTORY -> Rest.get(stack, "/api/chats/" + subject + "/messages", token);
            case CHANGE_CHAT_STATUS -> Rest.send(stack, "PATCH", "/api/chats/" + subject, token, Rest.json("status", "active"));
            case CREATE_NOTIFICATION -> Rest.send(stack, "POST", "/api/notifications", token,
                    Rest.json("userId", subject, "type", "table", "title", "Row", "message", "for the table"));
            case LIST_NOTIFICATIONS -> Rest.get(stack, "/api/notifications", token);
            case OPEN_TICKET -> Rest.send(stack, "POST", "/api/support/tickets", token, Rest.json("subject", "Row", "message", "hello"));
            case CHANGE_TICKET -> Rest.send(stack, "PATCH", "/api/support/tickets/" + subject, token, Rest.json("status", "pending"));
            case LIST_TICKETS -> Rest.get(stack, "/api/support/tickets", token);
            case TICKET_HISTORY -> Rest.get(stack, "/api/support/tickets/" + subject + "/messages", token);
            case TICKET_AUDIT -> Rest.get(stack, "/api/support/tickets/" + subject + "/audit", token);
            case REGISTER_USER -> Rest.send(stack, "POST", "/api/users", token, Rest.json("userId", subject, "role", "client"));
            case USER_PRESENCE -> Rest.get(stack, "/api/users/" + subject + "/presence", token);
            case DEV_TOKEN -> Rest.send(stack, "POST", "/api/dev/tokens", token, Rest.json("role", "client"));
            case HEALTH -> Rest.get(stack, "/health", token);
            default -> throw new AssertionError(row.operation() + " is not a REST endpoint");
        };
        return response.status() < 300 ? "OK" : response.body().getJSONObject("error").getString("code");
    }

    // ---- nothing without its row

    @Test
    void everySocketEventTheGatewayListensToHasItsOperation() {
        Set<String> registered = new TreeSet<>();
        for (SocketEvents feature : TestStack.shared().gateway().getBeansOfType(SocketEvents.class).values()) {
            for (SocketEvents.Row<?> event : feature.events()) {
                registered.add(event.name());
            }
        }
        assertEquals(wireNames(Operation.Channel.SOCKET), registered);
    }

    @Test
    void everyEndpointTheGatewayMapsHasItsOperation() {
        Set<String> mapped = new TreeSet<>();
        RequestMappingHandlerMapping mapping = TestStack.shared().gateway().getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class);
        for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : mapping.getHandlerMethods().entrySet()) {
            if (!entry.getValue().getBeanType().getName().startsWith("dev.switchboard.gateway.")) {
                continue;
            }
            for (RequestMethod method : entry.getKey().getMethodsCondition().getMethods()) {
                for (String path : entry.getKey().getPathPatternsCondition().getPatternValues()) {
                    mapped.add(method.name() + " " + path);
                }
            }
        }
        assertEquals(wireNames(Operation.Channel.REST), mapped);
    }

    private static Set<String> wireNames(Operation.Channel channel) {
        Set<String> names = new TreeSet<>();
        for (Operation operation : Operation.values()) {
            if (operation.channel() == channel) {
                names.add(operation.wireName());
            }
        }
        return names;
    }

    // ---- the table in the contract

    @Test
    void theProtocolDocumentHoldsTheTableAsTheCodeHasIt() throws Exception {
        Path doc = Path.of("").toAbsolutePath().getParent().resolve("docs/PROTOCOL.md");
        String text = Files.readString(doc);
        String expected = markdown();
        int start = text.indexOf(DOC_START);
        int end = text.indexOf(DOC_END);
        String found = start < 0 || end < start ? "" : text.substring(start + DOC_START.length(), end);
        if (!found.equals(expected)) {
            Path written = Path.of("target/authorization-table.md");
            Files.createDirectories(written.getParent());
            Files.writeString(written, DOC_START + expected + DOC_END + "\n");
            throw new AssertionError("docs/PROTOCOL.md's authorization table differs from Authorization's; the table as the code has it is in "
                    + written.toAbsolutePath());
        }
    }

    /** One line per operation, one column per caller × ownership. */
    static String markdown() {
        StringBuilder out = new StringBuilder("\n\n| operation |");
        StringBuilder rule = new StringBuilder("|---|");
        for (Caller caller : Caller.values()) {
            for (Ownership ownership : Ownership.values()) {
                out.append(' ').append(caller.name().toLowerCase(java.util.Locale.ROOT)).append(ownership == Ownership.OWN ? " own" : " other's").append(" |");
                rule.append("---|");
            }
        }
        out.append('\n').append(rule).append('\n');
        for (Operation operation : Operation.values()) {
            out.append("| `").append(operation.wireName()).append("` |");
            for (Caller caller : Caller.values()) {
                for (Ownership ownership : Ownership.values()) {
                    Authorization.Verdict verdict = Authorization.verdict(operation, caller, ownership);
                    out.append(' ').append(verdict.allowed() ? "ok" : verdict.refusal().name() + (verdict.decidedBy() == Authorization.DecidedBy.GATEWAY ? "" : "ᵖ")).append(" |");
                }
            }
            out.append('\n');
        }
        return out.append('\n').toString();
    }

    @Test
    void theTableHasARowForEveryOperationCallerAndOwnership() {
        List<Row> rows = new ArrayList<>(Authorization.rows());
        assertEquals(Operation.values().length * Caller.values().length * Ownership.values().length, rows.size());
        assertTrue(rows.size() >= 340, "rows: " + rows.size());
    }
}
