package dev.switchboard.events;

/** The contract's error codes (docs/PROTOCOL.md §3) with the HTTP status the REST API answers them with. */
public enum ErrorCode {
    BAD_REQUEST(400),
    UNAUTHORIZED(401),
    FORBIDDEN(403),
    NOT_FOUND(404),
    CONFLICT(409),
    RULE_VIOLATION(409),
    RATE_LIMITED(429),
    /** The event log could not take the action: nothing was recorded. */
    UNAVAILABLE(503),
    /** Addition: the action is in the log but its outcome did not come back in time; it may still apply. */
    TIMEOUT(504);

    private final int httpStatus;

    ErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
