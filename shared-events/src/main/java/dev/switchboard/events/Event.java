package dev.switchboard.events;

/**
 * Marker for every event payload. Each Kafka topic carries one sealed family of records that extends
 * this interface; {@link EventTypes} discovers the records through the families' permitted subclasses.
 */
public interface Event {
}
