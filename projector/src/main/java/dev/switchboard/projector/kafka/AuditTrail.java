package dev.switchboard.projector.kafka;

import dev.switchboard.events.Envelope;
import dev.switchboard.events.Topic;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.List;
import java.util.Map;

/**
 * A read model of the log records themselves (as opposed to the state they build), kept by a feature for one action
 * topic: the batch's records with their positions and outcomes are handed over after the projections wrote, in the same
 * batch, so the trail is as current and as re-runnable as every other read model (written by position, replacing).
 */
public interface AuditTrail {

    /** The action topic whose records this trail keeps. */
    Topic actionTopic();

    /**
     * Writes the entries of a batch (one bulk write): {@code applied} records were decided (their outcomes are among
     * {@code updates}, which hold the whole batch's updates), {@code setAside} ones could not be applied, each with its
     * {@code ActionSetAside} dead letter.
     */
    void record(List<ConsumerRecord<String, byte[]>> applied, List<Envelope<?>> updates,
                Map<ConsumerRecord<String, byte[]>, Envelope<?>> setAside);
}
