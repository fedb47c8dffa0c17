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
import java.util.Arrays;
import java.util.List;

/**
 * Every topic, in one place: its name (and, in a comment, what its records are keyed by), the event family it carries and how
 * long it is kept. Action topics are the source of truth and are kept forever; signals are short-lived. Dead
 * letters name the actions the projector had to set aside.
 */
public enum Topic {
    PRESENCE_ACTIONS("switchboard.presence.actions", PresenceAction.class, Retention.FOREVER, Reader.PROJECTOR), // keyed by userId
    PRESENCE_UPDATES("switchboard.presence.updates", PresenceUpdate.class, Retention.FOREVER, Reader.GATEWAYS), // keyed by userId
    USER_ACTIONS("switchboard.user.actions", UserAction.class, Retention.FOREVER, Reader.PROJECTOR), // keyed by userId
    CHAT_ACTIONS("switchboard.chat.actions", ChatAction.class, Retention.FOREVER, Reader.PROJECTOR), // keyed by chatId
    CHAT_UPDATES("switchboard.chat.updates", ChatUpdate.class, Retention.FOREVER, Reader.GATEWAYS), // keyed by chatId
    CHAT_TYPING("switchboard.chat.typing", TypingSignal.class, Retention.SIGNAL, Reader.GATEWAYS), // keyed by room
    SUPPORT_ACTIONS("switchboard.support.actions", SupportAction.class, Retention.FOREVER, Reader.PROJECTOR), // keyed by ticketId
    SUPPORT_UPDATES("switchboard.support.updates", SupportUpdate.class, Retention.FOREVER, Reader.GATEWAYS), // keyed by ticketId
    NOTIFICATION_ACTIONS("switchboard.notification.actions", NotificationAction.class, Retention.FOREVER, Reader.PROJECTOR), // keyed by userId
    NOTIFICATION_UPDATES("switchboard.notification.updates", NotificationUpdate.class, Retention.FOREVER, Reader.GATEWAYS), // keyed by userId
    GATEWAY_HEARTBEATS("switchboard.gateway.heartbeats", GatewaySignal.class, Retention.SIGNAL, Reader.WATCHDOG), // keyed by gatewayId
    DEAD_LETTERS("switchboard.dead-letters", DeadLetter.class, Retention.FOREVER, Reader.GATEWAYS); // keyed by the action's key

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
    private final Class<? extends Event> family;
    private final Retention retention;
    private final Reader reader;

    Topic(String topicName, Class<? extends Event> family, Retention retention, Reader reader) {
        this.topicName = topicName;
        this.family = family;
        this.retention = retention;
        this.reader = reader;
    }

    public Reader reader() {
        return reader;
    }

    public static List<Topic> readBy(Reader reader) {
        return Arrays.stream(values()).filter(topic -> topic.reader == reader).toList();
    }

    public String topicName() {
        return topicName;
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
