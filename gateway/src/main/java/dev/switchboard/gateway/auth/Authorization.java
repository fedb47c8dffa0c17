package dev.switchboard.gateway.auth;

import dev.switchboard.gateway.errors.ClientError;
import dev.switchboard.events.ErrorCode;

import java.util.ArrayList;
import java.util.List;

/**
 * The authorization table: for every {@link Operation} (socket event or REST endpoint), every kind of {@link Caller} and
 * both {@link Ownership}s, whether it is allowed or the exact refusal code, and which component refuses it. Socket handlers
 * and controllers ask {@link #require} / {@link #requireRole}, so the two cannot disagree; the rows the projector decides
 * (so that refused attempts are in the log and the ticket audit) are enforced by its rules, and
 * {@code AuthorizationTableTest} exercises every row end to end over socket and REST. The switch in {@link #rule} has no
 * default: an operation without its rows does not compile.
 * <p>
 * A subject the caller cannot own (an admin's, a service's or an outsider's "own" chat, an admin's or a service's own ticket,
 * an outsider's own notification) does not exist: its row is {@code NOT_FOUND}, which is the lookup's answer, never the
 * table's ({@link #require} only throws {@code FORBIDDEN}-like refusals the gateway owns).
 */
public final class Authorization {

    /** Who asks: a token's role, or an outsider (a client or provider who takes part in nothing). */
    public enum Caller {
        CLIENT, PROVIDER, ADMIN, SERVICE, OUTSIDER;

        public static Caller of(Role role) {
            return switch (role) {
                case CLIENT -> CLIENT;
                case PROVIDER -> PROVIDER;
                case ADMIN -> ADMIN;
                case SERVICE -> SERVICE;
            };
        }

        String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Whether the operation's subject ({@link Operation.Subject}) is the caller's own or someone else's. */
    public enum Ownership {
        OWN, OTHERS;

        public static Ownership of(boolean own) {
            return own ? OWN : OTHERS;
        }
    }

    /** The component that answers a row: the gateway at once, or the projector's rules (the attempt is in the log). */
    public enum DecidedBy {
        GATEWAY, PROJECTOR
    }

    /** Allowed ({@code refusal} null), or refused with {@code refusal} by {@code decidedBy}. */
    public record Verdict(ErrorCode refusal, DecidedBy decidedBy, String reason) {
        static final Verdict ALLOWED = new Verdict(null, null, null);

        public boolean allowed() {
            return refusal == null;
        }

        /** {@code allowed}, or e.g. {@code FORBIDDEN (gateway)}. */
        public String describe() {
            return allowed() ? "allowed" : refusal.name() + " (" + decidedBy.name().toLowerCase(java.util.Locale.ROOT) + ")";
        }
    }

    /** One row of the table. */
    public record Row(Operation operation, Caller caller, Ownership ownership, Verdict verdict) {
        @Override
        public String toString() {
            return operation.wireName() + " by " + caller.wire() + " on " + (ownership == Ownership.OWN ? "own" : "other's") + ": " + verdict.describe();
        }
    }

    @FunctionalInterface
    private interface Rule {
        Verdict of(Caller caller, Ownership ownership);
    }

    private Authorization() {
    }

    public static Verdict verdict(Operation operation, Caller caller, Ownership ownership) {
        return rule(operation).of(caller, ownership);
    }

    /** Every row: operations × callers × ownerships, in declaration order. */
    public static List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (Operation operation : Operation.values()) {
            for (Caller caller : Caller.values()) {
                for (Ownership ownership : Ownership.values()) {
                    rows.add(new Row(operation, caller, ownership, verdict(operation, caller, ownership)));
                }
            }
        }
        return rows;
    }

    /** Refuses {@code user} doing {@code operation} on a subject of this {@code ownership} when the gateway owns that row's refusal. */
    public static void require(Operation operation, AuthenticatedUser user, Ownership ownership) {
        Verdict verdict = verdict(operation, Caller.of(user.role()), ownership);
        if (isTheGatewaysRefusal(verdict)) {
            throw new ClientError(verdict.refusal(), verdict.reason());
        }
    }

    /** Refuses {@code user} doing {@code operation} at all: the role may do it neither on its own subjects nor on others'. */
    public static void requireRole(Operation operation, AuthenticatedUser user) {
        Caller caller = Caller.of(user.role());
        Verdict own = verdict(operation, caller, Ownership.OWN);
        Verdict others = verdict(operation, caller, Ownership.OTHERS);
        if (!own.allowed() && isTheGatewaysRefusal(others)) {
            throw new ClientError(others.refusal(), others.reason());
        }
    }

    /**
     * The contract's "own id only" for a user id that a payload names beside its subject (typing's global form
     * {@code { roomId, userId }}): refused unless it is the caller's own, by the same rule as the own-id operations.
     */
    public static void requireOwnId(AuthenticatedUser user, String userId) {
        Verdict verdict = ownIdOnly().of(Caller.of(user.role()), Ownership.of(user.userId().equals(userId)));
        if (!verdict.allowed()) {
            throw new ClientError(verdict.refusal(), verdict.reason());
        }
    }

    private static boolean isTheGatewaysRefusal(Verdict verdict) {
        return !verdict.allowed() && verdict.decidedBy() == DecidedBy.GATEWAY && verdict.refusal() != ErrorCode.NOT_FOUND;
    }

    private static Rule rule(Operation operation) {
        return switch (operation) {
            case USER_JOIN, SET_ONLINE_STATUS, JOIN_NOTIFICATIONS, MARK_ALL_NOTIFICATIONS_READ, GET_UNREAD_COUNT -> ownIdOnly();
            case LEAVE_CHAT, LEAVE_SUPPORT_TICKET, LEAVE_SUPPORT_DASHBOARD, GET_ONLINE_STATUS, LIST_CHATS, LIST_NOTIFICATIONS, LIST_TICKETS, USER_PRESENCE, DEV_TOKEN, HEALTH -> anyone();
            case JOIN_CHAT, CHAT_HISTORY -> participants(DecidedBy.GATEWAY);
            case SEND_MESSAGE, MARK_MESSAGES_READ, CHANGE_CHAT_STATUS -> participants(DecidedBy.PROJECTOR);
            case TYPING_START, TYPING_STOP -> chatRoomMembers();
            case JOIN_SUPPORT_TICKET, SUPPORT_MESSAGE -> ownerOrAdmin(DecidedBy.PROJECTOR, DecidedBy.PROJECTOR);
            case MARK_MESSAGE_READ -> ownerOrAdmin(DecidedBy.PROJECTOR, DecidedBy.GATEWAY);
            case TICKET_HISTORY -> ownerOrAdmin(DecidedBy.GATEWAY, DecidedBy.GATEWAY);
            case SUPPORT_TYPING_START, SUPPORT_TYPING_STOP -> ticketRoomMembers();
            case JOIN_SUPPORT_DASHBOARD -> (caller, ownership) -> caller == Caller.ADMIN ? Verdict.ALLOWED : forbiddenAtGateway("admins only");
            case MARK_NOTIFICATION_READ -> notificationOwner();
            case OPEN_CHAT -> openChat();
            case CREATE_NOTIFICATION, REGISTER_USER -> (caller, ownership) -> caller == Caller.SERVICE ? Verdict.ALLOWED
                    : forbiddenAtGateway("only a service token may " + (operation == Operation.REGISTER_USER ? "register users" : "create notifications"));
            case OPEN_TICKET -> (caller, ownership) -> caller == Caller.ADMIN || caller == Caller.SERVICE
                    ? new Verdict(ErrorCode.FORBIDDEN, DecidedBy.PROJECTOR, "clients and providers open tickets") : Verdict.ALLOWED;
            case CHANGE_TICKET -> (caller, ownership) -> caller != Caller.ADMIN
                    ? new Verdict(ErrorCode.FORBIDDEN, DecidedBy.PROJECTOR, "admins only")
                    : ownership == Ownership.OWN ? notFound(DecidedBy.PROJECTOR, "no such ticket") : Verdict.ALLOWED;
            case TICKET_AUDIT -> (caller, ownership) -> caller != Caller.ADMIN ? forbiddenAtGateway("admins only")
                    : ownership == Ownership.OWN ? notFound(DecidedBy.GATEWAY, "the audit index has nothing about this ticket") : Verdict.ALLOWED;
        };
    }

    /** The user id named must be the caller's own (the contract's "own id only"). */
    private static Rule ownIdOnly() {
        return (caller, ownership) -> ownership == Ownership.OWN ? Verdict.ALLOWED : forbiddenAtGateway("you can only act as yourself");
    }

    private static Rule anyone() {
        return (caller, ownership) -> Verdict.ALLOWED;
    }

    /** A chat's participants (a client and a provider); nobody else has a chat of their own. */
    private static Rule participants(DecidedBy decidedBy) {
        return (caller, ownership) -> {
            if (ownership == Ownership.OTHERS) {
                return new Verdict(ErrorCode.FORBIDDEN, decidedBy, "you are not a participant of this chat");
            }
            return isParty(caller) ? Verdict.ALLOWED : notFound(decidedBy, "no such chat");
        };
    }

    /** Only connections in the room signal typing (a chat's room is joined by its participants only; everyone is in their personal room). */
    private static Rule chatRoomMembers() {
        return (caller, ownership) -> ownership == Ownership.OWN ? Verdict.ALLOWED : forbiddenAtGateway("join the room before signalling typing in it");
    }

    /** A ticket's owner (a client or provider who opened it) or any admin. */
    private static Rule ownerOrAdmin(DecidedBy forbiddenBy, DecidedBy notFoundBy) {
        return (caller, ownership) -> {
            if (ownership == Ownership.OWN) {
                return isParty(caller) ? Verdict.ALLOWED : notFound(notFoundBy, "no such ticket");
            }
            return caller == Caller.ADMIN ? Verdict.ALLOWED : new Verdict(ErrorCode.FORBIDDEN, forbiddenBy, "only the ticket's owner or an admin");
        };
    }

    /** Only connections in the ticket's room signal typing, and only the owner and admins join it. */
    private static Rule ticketRoomMembers() {
        return (caller, ownership) -> (ownership == Ownership.OWN && isParty(caller)) || (ownership == Ownership.OTHERS && caller == Caller.ADMIN)
                ? Verdict.ALLOWED : forbiddenAtGateway("join the ticket before signalling typing in it");
    }

    /** Anyone can be notified (admins and services too); an outsider has no notification. */
    private static Rule notificationOwner() {
        return (caller, ownership) -> {
            if (ownership == Ownership.OTHERS) {
                return new Verdict(ErrorCode.FORBIDDEN, DecidedBy.PROJECTOR, "not your notification");
            }
            return caller == Caller.OUTSIDER ? notFound(DecidedBy.PROJECTOR, "no such notification") : Verdict.ALLOWED;
        };
    }

    /** The participant named is the subject: yourself is a bad request; only clients and providers open chats. */
    private static Rule openChat() {
        return (caller, ownership) -> {
            if (ownership == Ownership.OWN) {
                return new Verdict(ErrorCode.BAD_REQUEST, DecidedBy.PROJECTOR, "you cannot open a chat with yourself");
            }
            return caller == Caller.ADMIN || caller == Caller.SERVICE
                    ? new Verdict(ErrorCode.FORBIDDEN, DecidedBy.PROJECTOR, "only clients and providers open chats") : Verdict.ALLOWED;
        };
    }

    private static boolean isParty(Caller caller) {
        return caller == Caller.CLIENT || caller == Caller.PROVIDER;
    }

    private static Verdict forbiddenAtGateway(String reason) {
        return new Verdict(ErrorCode.FORBIDDEN, DecidedBy.GATEWAY, reason);
    }

    private static Verdict notFound(DecidedBy decidedBy, String reason) {
        return new Verdict(ErrorCode.NOT_FOUND, decidedBy, reason);
    }
}
