package dev.switchboard.gateway.auth;

/**
 * Everything a caller can ask of a gateway: every client socket event (docs/PROTOCOL.md §4–7) and every REST endpoint
 * (§8, §11). Each has its rows in {@link Authorization}; {@code AuthorizationTableTest} checks that every registered socket
 * event and every controller mapping is one of these.
 */
public enum Operation {
    USER_JOIN(Channel.SOCKET, "user-join", Subject.USER),
    JOIN_CHAT(Channel.SOCKET, "join-chat", Subject.CHAT),
    LEAVE_CHAT(Channel.SOCKET, "leave-chat", Subject.CHAT),
    SEND_MESSAGE(Channel.SOCKET, "send-message", Subject.CHAT),
    TYPING_START(Channel.SOCKET, "typing-start", Subject.ROOM),
    TYPING_STOP(Channel.SOCKET, "typing-stop", Subject.ROOM),
    MARK_MESSAGES_READ(Channel.SOCKET, "mark-messages-read", Subject.CHAT),
    GET_ONLINE_STATUS(Channel.SOCKET, "get-online-status", Subject.USER),
    SET_ONLINE_STATUS(Channel.SOCKET, "set-online-status", Subject.USER),
    JOIN_NOTIFICATIONS(Channel.SOCKET, "join-notifications", Subject.USER),
    MARK_NOTIFICATION_READ(Channel.SOCKET, "mark-notification-read", Subject.NOTIFICATION),
    MARK_ALL_NOTIFICATIONS_READ(Channel.SOCKET, "mark-all-notifications-read", Subject.USER),
    GET_UNREAD_COUNT(Channel.SOCKET, "get-unread-count", Subject.USER),
    JOIN_SUPPORT_TICKET(Channel.SOCKET, "join-support-ticket", Subject.TICKET),
    JOIN_SUPPORT_DASHBOARD(Channel.SOCKET, "join-support-dashboard", Subject.NONE),
    LEAVE_SUPPORT_TICKET(Channel.SOCKET, "leave-support-ticket", Subject.TICKET),
    LEAVE_SUPPORT_DASHBOARD(Channel.SOCKET, "leave-support-dashboard", Subject.NONE),
    SUPPORT_MESSAGE(Channel.SOCKET, "support-message", Subject.TICKET),
    SUPPORT_TYPING_START(Channel.SOCKET, "support-typing-start", Subject.TICKET),
    SUPPORT_TYPING_STOP(Channel.SOCKET, "support-typing-stop", Subject.TICKET),
    MARK_MESSAGE_READ(Channel.SOCKET, "mark-message-read", Subject.TICKET_MESSAGE),

    OPEN_CHAT(Channel.REST, "POST /api/chats", Subject.USER),
    LIST_CHATS(Channel.REST, "GET /api/chats", Subject.NONE),
    CHAT_HISTORY(Channel.REST, "GET /api/chats/{chatId}/messages", Subject.CHAT),
    CHANGE_CHAT_STATUS(Channel.REST, "PATCH /api/chats/{chatId}", Subject.CHAT),
    CREATE_NOTIFICATION(Channel.REST, "POST /api/notifications", Subject.USER),
    LIST_NOTIFICATIONS(Channel.REST, "GET /api/notifications", Subject.NONE),
    OPEN_TICKET(Channel.REST, "POST /api/support/tickets", Subject.NONE),
    CHANGE_TICKET(Channel.REST, "PATCH /api/support/tickets/{ticketId}", Subject.TICKET),
    LIST_TICKETS(Channel.REST, "GET /api/support/tickets", Subject.NONE),
    TICKET_HISTORY(Channel.REST, "GET /api/support/tickets/{ticketId}/messages", Subject.TICKET),
    TICKET_AUDIT(Channel.REST, "GET /api/support/tickets/{ticketId}/audit", Subject.TICKET),
    REGISTER_USER(Channel.REST, "POST /api/users", Subject.USER),
    USER_PRESENCE(Channel.REST, "GET /api/users/{userId}/presence", Subject.USER),
    DEV_TOKEN(Channel.REST, "POST /api/dev/tokens", Subject.NONE),
    HEALTH(Channel.REST, "GET /health", Subject.NONE);

    /** Where the operation is asked: a socket event, or a REST endpoint ({@code METHOD path}). */
    public enum Channel {
        SOCKET, REST
    }

    /**
     * What "own" means for the operation: the user id it names is the caller's ({@code USER}); the chat is one the caller
     * takes part in; the ticket (or the ticket of the message) is one the caller opened; the notification is the caller's.
     * {@code ROOM}: the room is one the connection is in (a chat it joined, or its personal room).
     * {@code NONE}: it names nothing (it acts on the caller's own things only, or on nobody's).
     */
    public enum Subject {
        NONE, USER, CHAT, ROOM, TICKET, TICKET_MESSAGE, NOTIFICATION
    }

    private final Channel channel;
    private final String wireName;
    private final Subject subject;

    Operation(Channel channel, String wireName, Subject subject) {
        this.channel = channel;
        this.wireName = wireName;
        this.subject = subject;
    }

    public Channel channel() {
        return channel;
    }

    /** The socket event's name, or {@code METHOD path} of the endpoint. */
    public String wireName() {
        return wireName;
    }

    public Subject subject() {
        return subject;
    }
}
