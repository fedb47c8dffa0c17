package dev.switchboard.projector.kafka;

import dev.switchboard.events.Envelope;
import dev.switchboard.events.Event;
import dev.switchboard.events.Topic;

import java.util.List;

/**
 * Turns a batch of one action topic's records into read-model writes and the updates to publish.
 * Implementations must be idempotent: the same batch applied again (after a crash before the offset
 * commit) leaves the same state and returns the same updates.
 */
public interface Projection {

    Topic actionTopic();

    /** Writes the read models and returns the updates to publish, in order. */
    List<Envelope<?>> apply(List<Envelope<Event>> actions);

    /** This process no longer owns some partitions, or a batch is re-run: forget any state cached for aggregates. */
    default void partitionsRevoked() {
    }
}
