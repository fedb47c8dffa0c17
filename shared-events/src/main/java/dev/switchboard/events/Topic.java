package dev.switchboard.events;

import dev.switchboard.events.gateway.GatewaySignal;
import dev.switchboard.events.presence.PresenceAction;
import dev.switchboard.events.presence.PresenceUpdate;

import java.time.Duration;

/**
 * Every topic, in one place: its name, what its records are keyed by, the event family it carries and how
 * long it is kept. Action topics are the source of truth and are kept forever; signals are short-lived.
 */
public enum Topic {
    PRESENCE_ACTIONS("switchboard.presence.actions", "userId", PresenceAction.class, Retention.FOREVER),
    PRESENCE_UPDATES("switchboard.presence.updates", "userId", PresenceUpdate.class, Retention.FOREVER),
    GATEWAY_HEARTBEATS("switchboard.gateway.heartbeats", "gatewayId", GatewaySignal.class, Retention.SIGNAL);

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

    public static final int PARTITIONS = 6;

    private final String topicName;
    private final String keyedBy;
    private final Class<? extends Event> family;
    private final Retention retention;

    Topic(String topicName, String keyedBy, Class<? extends Event> family, Retention retention) {
        this.topicName = topicName;
        this.keyedBy = keyedBy;
        this.family = family;
        this.retention = retention;
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
