package dev.switchboard.events;

/**
 * An update saying the projector refused an action; each family has its own record implementing this, and
 * the gateway answers the action's ack with {@code { ok: false, error: { code, message } }}.
 */
public interface Rejection {
    String action();

    /** One of the contract's codes: a record naming another is malformed and not read. */
    ErrorCode code();

    String message();
}
