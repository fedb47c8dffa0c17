package dev.switchboard.events;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * The record every topic carries: who did what, when, to which aggregate ({@code key}), and which action
 * it answers ({@code correlationId}). Times are truncated to milliseconds so that the JSON and the read
 * models built from it are identical on replay.
 */
public record Envelope<E extends Event>(
        String id,
        String type,
        int version,
        Instant occurredAt,
        Actor actor,
        String key,
        String correlationId,
        E payload) {

    public Envelope {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(payload, "payload");
        occurredAt = occurredAt.truncatedTo(ChronoUnit.MILLIS);
    }

    /** A new envelope with a fresh id; its own id is the correlation id (an action starts a chain). */
    public static <E extends Event> Envelope<E> newAction(E payload, Actor actor, String key, Instant at) {
        String id = Ids.newId();
        return new Envelope<>(id, EventTypes.nameOf(payload), EventTypes.versionOf(payload), at, actor, key, id, payload);
    }

    /** An envelope caused by {@code cause}: same correlation id, same time (so replays are identical). */
    public static <E extends Event> Envelope<E> causedBy(Envelope<?> cause, E payload, String key) {
        return new Envelope<>(Ids.newId(), EventTypes.nameOf(payload), EventTypes.versionOf(payload),
                cause.occurredAt(), cause.actor(), key, cause.correlationId(), payload);
    }
}
