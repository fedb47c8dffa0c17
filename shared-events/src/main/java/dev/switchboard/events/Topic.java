package dev.switchboard.events;

import dev.switchboard.events.chat.ChatAction;
import dev.switchboard.events.chat.ChatUpdate;
import dev.switchboard.events.chat.TypingSignal;
import dev.switchboard.events.deadletter.DeadLetter;
import dev.switchboard.events.gateway.GatewaySignal;
import dev.switchboard.events.support.SupportAction;
import dev.switchboard.events.support.SupportUpdate;
import dev.switchboard.events.user.UserAction;
import dev.switchboard.events.notification.NotificationAction;
import dev.switchboard.events.notification.NotificationUpdate;
import dev.switchboard.events.presence.PresenceAction;
import dev.switchboard.events.presence.PresenceUpdate;

import java.time.Duration;

/**
 * Every topic, in one place: its name, what its records are keyed by, the event family it carries and how
 * long it is kept. Action topics are the source of truth and are kept forever; signals are short-lived. Dead
 * letters name the actions the projector had to set aside.
 */
public enum Topic {
    PRESENCE_ACTIONS("switchboard.presence.actions", "userId", PresenceAction.class, Retention.FOREVER, Reader.PROJECTOR),
    PRESENCE_UPDATES("switchboard.presence.updates", "userId", PresenceUpdate.class, Retention.FOREVER, Reader.GATEWAYS),
    USER_ACTIONS("switchboard.user.actions", "userId", UserAction.class, Retention.FOREVER, Reader.PROJECTOR),
    CHAT_ACTIONS("switchboard.chat.actions", "chatId", ChatAction.class, Retention.FOREVER, Reader.PROJECTOR),
    CHAT_UPDATES("switchboard.chat.updates", "chatId", ChatUpdate.class, Retention.FOREVER, Reader.GATEWAYS),
    CHAT_TYPING("switchboard.chat.typing", "room", TypingSignal.class, Retention.SIGNAL, Reader.GATEWAYS),
    SUPPORT_ACTIONS("switchboard.support.actions", "ticketId", SupportAction.class, Retention.FOREVER, Reader.PROJECTOR),
    SUPPORT_UPDATES("switchboard.support.updates", "ticketId", SupportUpdate.class, Retention.FOREVER, Reader.GATEWAYS),
    NOTIFICATION_ACTIONS("switchboard.notification.actions", "userId", NotificationAction.class, Retention.FOREVER, Reader.PROJECTOR),
    NOTIFICATION_UPDATES("switchboard.notification.updates", "userId", NotificationUpdate.class, Retention.FOREVER, Reader.GATEWAYS),
    GATEWAY_HEARTBEATS("switchboard.gateway.heartbeats", "gatewayId", GatewaySignal.class, Retention.SIGNAL, Reader.WATCHDOG),
    DEAD_LETTERS("switchboard.dead-letters", "the action's key", DeadLetter.class, Retention.FOREVER, Reader.GATEWAYS);

    /** Who consumes the topic: the projector (actions), every gateway (updates and live signals), the gateway watchdog. */
    public enum Reader {
        PROJECTOR, GATEWAYS, WATCHDOG
    }

    public enum Retention {
        FOREVER(null), SIGNAL(Duration.ofHours(1));

        private final Duration duration;

        Retention(Duration duration) {
            this.duration = duration;
        }

        /** Value for the topic's {@code retention.ms}: -1 keeps records forever. */
        public long retentionMs() {
            return duration == null ? -1 : duration.toMillis();
        }
    }

    private final String topicName;
    private final String keyedBy;
    private final Class<? extends Event> family;
    private final Retention retention;
    private final Reader reader;

    Topic(String topicName, String keyedBy, Class<? extends Event> family, Retention retention, Reader reader) {
        this.topicName = topicName;
        this.keyedBy = keyedBy;
        this.family = family;
        this.retention = retention;
        this.reader = reader;
    }

    public Reader reader() {
        return reader;
    }

    public static java.util.List<Topic> readBy(Reader reader) {
        return java.util.Arrays.stream(values()).filter(topic -> topic.reader == reader).toList();
    }

    public String topicName() {
        return topicName;
    }

    public String keyedBy() {
        return keyedBy;
    }

    public Class<? extends Event> family() {
        return family;
    }

    public Retention retention() {
        return retention;
    }

    /** The topic that carries this event's family. */
    public static Topic of(Event event) {
        for (Topic topic : values()) {
            if (topic.family.isInstance(event)) {
                return topic;
            }
        }
        throw new IllegalArgumentException("no topic carries " + event.getClass().getName());
    }
}
