package dev.switchboard.projector.auth;

import dev.switchboard.events.Actor;
import dev.switchboard.events.Event;
import dev.switchboard.events.ErrorCode;
import dev.switchboard.events.Refusal;
import dev.switchboard.events.EventTypes;
import dev.switchboard.events.chat.ChatAction;
import dev.switchboard.events.chat.ChatAction.ChatJoined;
import dev.switchboard.events.chat.ChatAction.ChatRequested;
import dev.switchboard.events.chat.ChatAction.ChatStatusRequested;
import dev.switchboard.events.chat.ChatAction.MessageSubmitted;
import dev.switchboard.events.chat.ChatAction.MessagesRead;
import dev.switchboard.events.notification.NotificationAction;
import dev.switchboard.events.notification.NotificationAction.AllNotificationsRead;
import dev.switchboard.events.notification.NotificationAction.NotificationDelivered;
import dev.switchboard.events.notification.NotificationAction.NotificationRead;
import dev.switchboard.events.notification.NotificationAction.NotificationRequested;
import dev.switchboard.events.notification.NotificationAction.NotificationsJoined;
import dev.switchboard.events.presence.PresenceAction;
import dev.switchboard.events.presence.PresenceAction.ConnectionClosed;
import dev.switchboard.events.presence.PresenceAction.ConnectionOpened;
import dev.switchboard.events.presence.PresenceAction.OnlineStatusRequested;
import dev.switchboard.events.presence.PresenceAction.OnlineStatusSet;
import dev.switchboard.events.presence.PresenceAction.UserJoined;
import dev.switchboard.events.support.SupportAction;
import dev.switchboard.events.support.SupportAction.SupportMessageRead;
import dev.switchboard.events.support.SupportAction.SupportMessageSubmitted;
import dev.switchboard.events.support.SupportAction.TicketChangeRequested;
import dev.switchboard.events.support.SupportAction.TicketJoinRequested;
import dev.switchboard.events.support.SupportAction.TicketOpened;
import dev.switchboard.events.user.UserAction;

import java.util.Optional;

/**
 * The actor of an action is its envelope's ({@link Actor}), which the gateway sets from the verified token; a payload
 * field that names the acting user ({@code senderId}, {@code userId}, {@code requesterId}, {@code ownerId}, …) or their
 * role ({@code senderRole}, {@code role}, …) is only a copy of it. Anything that can produce to an action topic could
 * write any payload, so every decider first asks {@link #check}: an action whose payload claims another actor than its
 * envelope is refused {@code FORBIDDEN}, one without the actor it needs {@code UNAUTHORIZED} (as a socket event from a
 * connection that is not authenticated).
 * <p>
 * Principals other than users: a <b>service</b> ({@code Actor.service(name)}: role {@code service}, its token's subject as
 * {@code service}) acts for itself like a user (its socket connection's presence), and may in addition create
 * notifications for any user and register any user's role ({@code UserSeen}); only a service may request a
 * notification. A <b>system</b> component ({@code Actor.system(name)}: a gateway, the gateway watchdog) may report a
 * delivery ({@code NotificationDelivered}) and close a connection ({@code ConnectionClosed}) for any user, and nothing else.
 */
public final class EnvelopeActor {
    static final String SERVICE = "service";
    static final String SYSTEM = "system";

    /** Which principals may record an action, and the acting user and role its payload names (null: it names none). */
    public record Claim(Principals principals, String userId, String role) {
    }

    /** Who may record an action besides the user its payload names. */
    public enum Principals {
        /** only the user the payload names, with the role it names. */
        THE_USER,
        /** the user the payload names, or a system component (gateways, the watchdog). */
        THE_USER_OR_SYSTEM,
        /** the user the payload names, or a service (the identity service registering users). */
        THE_USER_OR_SERVICE,
        /** a service only (the payload names the user it is for, not an actor). */
        SERVICE_ONLY,
        /** any authenticated principal (the payload names no actor). */
        ANYONE
    }

    private EnvelopeActor() {
    }

    /** The refusal of {@code action} recorded by {@code actor}, or empty when the envelope's actor may record it. */
    public static Optional<Refusal> check(Actor actor, Event action) {
        if (actor == null || blank(actor.role()) || blank(actingId(actor))) {
            return Optional.of(new Refusal(ErrorCode.UNAUTHORIZED, "the action's envelope names no actor"));
        }
        Claim claim = claimOf(action);
        switch (claim.principals()) {
            case ANYONE:
                return Optional.empty();
            case SERVICE_ONLY:
                return SERVICE.equals(actor.role()) ? Optional.empty()
                        : Optional.of(new Refusal(ErrorCode.FORBIDDEN, "only a service may record " + EventTypes.nameOf(action)));
            case THE_USER_OR_SYSTEM:
                if (SYSTEM.equals(actor.role())) {
                    return Optional.empty();
                }
                break;
            case THE_USER_OR_SERVICE:
                if (SERVICE.equals(actor.role())) {
                    return Optional.empty();
                }
                break;
            case THE_USER:
                break;
        }
        if (SYSTEM.equals(actor.role()) || !actingId(actor).equals(claim.userId())) {
            return Optional.of(new Refusal(ErrorCode.FORBIDDEN, "the payload names another actor than the envelope"));
        }
        if (claim.role() != null && !claim.role().equals(actor.role())) {
            return Optional.of(new Refusal(ErrorCode.FORBIDDEN, "the payload names another role than the envelope's actor"));
        }
        return Optional.empty();
    }

    /** A user's id, or a service's or system component's name. */
    static String actingId(Actor actor) {
        return SERVICE.equals(actor.role()) || SYSTEM.equals(actor.role()) ? actor.service() : actor.userId();
    }

    /**
     * Who may record {@code action}, and the actor its payload names. Every action type has its line: each family's claims
     * are one {@code Handler}, so a new action type does not compile without its line.
     */
    public static Claim claimOf(Event action) {
        if (action instanceof ChatAction chat) {
            return chat.handledBy(CHAT);
        }
        if (action instanceof SupportAction support) {
            return support.handledBy(SUPPORT);
        }
        if (action instanceof NotificationAction notification) {
            return notification.handledBy(NOTIFICATION);
        }
        if (action instanceof PresenceAction presence) {
            return presence.handledBy(PRESENCE);
        }
        if (action instanceof UserAction user) {
            return user.handledBy(seen -> new Claim(Principals.THE_USER_OR_SERVICE, seen.userId(), seen.role()));
        }
        throw new IllegalArgumentException("not an action of a known family: " + action.getClass().getName());
    }

    private static final ChatAction.Handler<Claim> CHAT = new ChatAction.Handler<>() {
        @Override
        public Claim open(ChatRequested a) {
            return user(a.requesterId(), a.requesterRole());
        }

        @Override
        public Claim send(MessageSubmitted a) {
            return user(a.senderId(), a.senderRole());
        }

        @Override
        public Claim join(ChatJoined a) {
            return user(a.userId(), null);
        }

        @Override
        public Claim read(MessagesRead a) {
            return user(a.userId(), null);
        }

        @Override
        public Claim changeStatus(ChatStatusRequested a) {
            return user(a.userId(), null);
        }
    };

    private static final SupportAction.Handler<Claim> SUPPORT = new SupportAction.Handler<>() {
        @Override
        public Claim open(TicketOpened a) {
            return user(a.ownerId(), a.ownerRole());
        }

        @Override
        public Claim join(TicketJoinRequested a) {
            return user(a.userId(), a.role());
        }

        @Override
        public Claim post(SupportMessageSubmitted a) {
            return user(a.senderId(), a.senderRole());
        }

        @Override
        public Claim markRead(SupportMessageRead a) {
            return user(a.userId(), a.role());
        }

        @Override
        public Claim change(TicketChangeRequested a) {
            return user(a.adminId(), a.role());
        }
    };

    private static final NotificationAction.Handler<Claim> NOTIFICATION = new NotificationAction.Handler<>() {
        @Override
        public Claim create(NotificationRequested a) {
            return new Claim(Principals.SERVICE_ONLY, null, null);
        }

        @Override
        public Claim deliver(NotificationDelivered a) {
            return new Claim(Principals.THE_USER_OR_SYSTEM, a.userId(), null);
        }

        @Override
        public Claim release(NotificationsJoined a) {
            return user(a.userId(), null);
        }

        @Override
        public Claim markRead(NotificationRead a) {
            return user(a.userId(), null);
        }

        @Override
        public Claim markAllRead(AllNotificationsRead a) {
            return user(a.userId(), null);
        }
    };

    private static final PresenceAction.Handler<Claim> PRESENCE = new PresenceAction.Handler<>() {
        @Override
        public Claim open(ConnectionOpened a) {
            return user(a.userId(), null);
        }

        @Override
        public Claim join(UserJoined a) {
            return user(a.userId(), null);
        }

        @Override
        public Claim close(ConnectionClosed a) {
            return new Claim(Principals.THE_USER_OR_SYSTEM, a.userId(), null);
        }

        @Override
        public Claim setStatus(OnlineStatusSet a) {
            return user(a.userId(), null);
        }

        @Override
        public Claim report(OnlineStatusRequested a) {
            return new Claim(Principals.ANYONE, null, null);
        }
    };

    private static Claim user(String userId, String role) {
        return new Claim(Principals.THE_USER, userId, role);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
