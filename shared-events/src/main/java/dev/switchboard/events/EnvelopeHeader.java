package dev.switchboard.events;

import java.time.Instant;

/**
 * The envelope fields of a record, read without its payload (see {@link EventJson#readHeader}): enough to answer the
 * sender of a record that cannot be read as an event (an unknown type, a newer version, a payload that does not bind,
 * broken JSON after the header). Any field is null when the record lacks it or it is not of the documented kind.
 */
public record EnvelopeHeader(
        String id,
        String type,
        Integer version,
        Instant occurredAt,
        Actor actor,
        String key,
        String correlationId) {

    /** Whether {@link Envelope#causedByHeader} can build an envelope caused by this record: it has an id, a time and an actor. */
    public boolean canCause() {
        return id != null && occurredAt != null && actor != null;
    }
}
