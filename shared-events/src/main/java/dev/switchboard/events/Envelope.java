package dev.switchboard.events;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

    /**
     * The envelope caused by a record known only by its header (one that {@link EventJson#read} refused, e.g. to set
     * it aside as a dead letter): same correlation id, time and actor as the cause, and the id
     * {@code Ids.derived(cause.id(), -1)} (ordinal -1, a dead letter's, apart from the updates an action causes, which count
     * from 0), so setting the same record aside again publishes the same envelope.
     *
     * @throws IllegalArgumentException when the header lacks an id, a time or an actor ({@link EnvelopeHeader#canCause()})
     */
    public static <E extends Event> Envelope<E> causedByHeader(EnvelopeHeader cause, E payload, String key) {
        return causedByHeader(cause, -1, payload, key);
    }

    /** As {@link #causedByHeader(EnvelopeHeader, Event, String)}, for the {@code ordinal}-th envelope caused by that record. */
    public static <E extends Event> Envelope<E> causedByHeader(EnvelopeHeader cause, int ordinal, E payload, String key) {
        Objects.requireNonNull(cause, "cause");
        if (!cause.canCause()) {
            throw new IllegalArgumentException("a record without an id, a time and an actor causes no envelope: " + cause);
        }
        return new Envelope<>(Ids.derived(cause.id(), ordinal), EventTypes.nameOf(payload), EventTypes.versionOf(payload),
                cause.occurredAt(), cause.actor(), key, cause.correlationId(), payload);
    }

    /**
     * The {@code ordinal}-th envelope caused by {@code cause}: same correlation id, same time, and an id derived from
     * the cause's id and the ordinal, so a re-run that decides the same publishes records identical to the first run's.
     */
    public static <E extends Event> Envelope<E> causedBy(Envelope<?> cause, int ordinal, E payload, String key) {
        return new Envelope<>(Ids.derived(cause.id(), ordinal), EventTypes.nameOf(payload), EventTypes.versionOf(payload),
                cause.occurredAt(), cause.actor(), key, cause.correlationId(), payload);
    }

    /** The envelopes of everything {@code cause} produced, numbered in order (see {@link #causedBy(Envelope, int, Event, String)}). */
    public static <E extends Event> List<Envelope<E>> outcomesOf(Envelope<?> cause, List<? extends E> payloads, String key) {
        List<Envelope<E>> outcomes = new ArrayList<>(payloads.size());
        for (int i = 0; i < payloads.size(); i++) {
            outcomes.add(causedBy(cause, i, payloads.get(i), key));
        }
        return outcomes;
    }
}
