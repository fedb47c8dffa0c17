package dev.switchboard.events.deadletter;

import dev.switchboard.events.ErrorCode;
import dev.switchboard.events.Event;
import dev.switchboard.events.Refusal;

/**
 * Actions the projector could not apply; topic {@code switchboard.dead-letters}, kept forever, keyed like the action.
 * The action itself stays where it was in the log; this says that it was set aside, why, and where it is, so an
 * operator can fix the cause and replay it. Gateways read it to answer the sender's pending ack.
 */
public sealed interface DeadLetter extends Event {

    /**
     * The record at {@code topic}/{@code partition}/{@code offset} failed the same way on every attempt, alone, with
     * {@code error}; the projector went on past it. {@code record} is its JSON as it was in the log.
     */
    record ActionSetAside(String topic, int partition, long offset, String error, String record) implements DeadLetter, Refusal.Recorded {
        @Override
        public String action() {
            return topic;
        }

        @Override
        public ErrorCode code() {
            return ErrorCode.BAD_REQUEST;
        }

        @Override
        public String message() {
            return "this action could not be applied; it was set aside for an operator";
        }
    }
}
