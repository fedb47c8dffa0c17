package dev.switchboard.gateway.input;

/** How a socket event's payload (a String, a Map, a number, or nothing) is parsed and validated. */
@FunctionalInterface
public interface PayloadParser<T> {
    /** Throws {@link dev.switchboard.gateway.errors.ClientError} BAD_REQUEST for a malformed payload. */
    T parse(Object raw);
}
