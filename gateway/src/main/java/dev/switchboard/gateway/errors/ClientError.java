package dev.switchboard.gateway.errors;

import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import dev.switchboard.events.ErrorCode;
import dev.switchboard.events.Refusal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/** A refusal the caller should see: becomes an ack error, a {@code socket-error}, or an HTTP error body. */
public class ClientError extends RuntimeException {
    /** A read or write of the store failed or took longer than {@code STORE_TIMEOUT_MS}: nothing was recorded. */
    public static final String STORE_UNAVAILABLE = "the document store did not answer in time; nothing was recorded; retry";
    private final ErrorCode code;

    public ClientError(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    /** A rule's refusal, as the caller sees it. */
    public static ClientError of(Refusal refusal) {
        return new ClientError(refusal.code(), refusal.reason());
    }

    public static ClientError badRequest(String message) {
        return new ClientError(ErrorCode.BAD_REQUEST, message);
    }

    public static ClientError forbidden(String message) {
        return new ClientError(ErrorCode.FORBIDDEN, message);
    }

    public static ClientError notFound(String message) {
        return new ClientError(ErrorCode.NOT_FOUND, message);
    }

    /** The store did not answer, or is known to be down: UNAVAILABLE, nothing recorded. */
    public static ClientError storeUnavailable() {
        return new ClientError(ErrorCode.UNAVAILABLE, STORE_UNAVAILABLE);
    }

    public ErrorCode code() {
        return code;
    }

    /** {@code { code, message }} as the contract carries it. */
    public Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code.name());
        body.put("message", getMessage());
        return body;
    }

    /**
     * What to tell the caller of a failure that happened before its action reached the log, or that is not known to
     * have happened after it: completion wrappers are unwrapped; anything unexpected is not the caller's fault, and
     * nothing of it was recorded. A failure after the record was written goes through {@link #afterRecording}.
     */
    public static ClientError from(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof ClientError clientError) {
            return clientError;
        }
        if (cause instanceof TimeoutException) {
            return afterRecording(cause);
        }
        if (cause instanceof MongoTimeoutException || cause instanceof MongoSocketException || cause instanceof MongoExecutionTimeoutException) {
            return storeUnavailable();
        }
        return new ClientError(ErrorCode.UNAVAILABLE, "it failed before reaching the event log; nothing was recorded");
    }

    /**
     * What to tell the caller of a failure once its action is in the log: a refusal as it is; anything else (no
     * outcome in time, an outcome that could not be read) says the action is recorded and may still apply, so a
     * retry with the same ids answers the original.
     */
    public static ClientError afterRecording(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof ClientError clientError) {
            return clientError;
        }
        String why = cause instanceof TimeoutException ? "no outcome in time" : "its outcome could not be given";
        return new ClientError(ErrorCode.TIMEOUT, why + "; the action is recorded and may still apply");
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
