package dev.switchboard.gateway.errors;

import java.util.LinkedHashMap;
import java.util.Map;

/** A refusal the caller should see: becomes an ack error, a {@code socket-error}, or an HTTP error body. */
public class ClientError extends RuntimeException {
    private final ErrorCode code;

    public ClientError(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
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

    /** Unwraps completion wrappers; anything unexpected is not the caller's fault and is reported as such. */
    public static ClientError from(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof java.util.concurrent.CompletionException
                || cause instanceof java.util.concurrent.ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof ClientError clientError) {
            return clientError;
        }
        if (cause instanceof java.util.concurrent.TimeoutException) {
            return new ClientError(ErrorCode.TIMEOUT, "no outcome in time; the action is recorded and may still apply");
        }
        return new ClientError(ErrorCode.UNAVAILABLE, "the event log could not take it; nothing was recorded");
    }
}
