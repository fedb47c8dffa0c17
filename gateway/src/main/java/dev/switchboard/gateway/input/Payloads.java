package dev.switchboard.gateway.input;

import dev.switchboard.events.Ids;
import dev.switchboard.gateway.errors.ClientError;

import java.util.Map;
import java.util.function.Function;

/**
 * Parsing helpers for socket payloads, which arrive as a String, a Map, a number, or nothing, and the id checks REST paths
 * share with them.
 */
public final class Payloads {
    /** Text far beyond any of the contract's limits is refused at the gateway instead of being written to the log. */
    public static final int MAX_TEXT = 64 * 1024;
    private Payloads() {
    }

    /** A payload that is either the id itself ({@code "abc"}) or an object holding it ({@code { field: "abc" }}). */
    public static Function<Object, String> idOrObjectWith(String field) {
        return raw -> {
            Object value = raw instanceof Map<?, ?> map ? map.get(field) : raw;
            return requireId(value, field);
        };
    }

    /** An object payload. */
    public static Map<?, ?> object(Object raw) {
        if (raw instanceof Map<?, ?> map) {
            return map;
        }
        throw ClientError.badRequest("payload must be an object");
    }

    /**
     * A user id payload (a string, or an object with {@code field}) that {@link #requireUserId} checks against the caller:
     * a service's own {@code sub} may be a name rather than an id (docs/PROTOCOL.md §1).
     */
    public static Function<Object, String> userIdOrObjectWith(String field) {
        return raw -> requiredString(raw instanceof Map<?, ?> map ? map.get(field) : raw, field);
    }

    /** {@code userId} is an id, or the caller's own {@code sub}, which for a service may be a name. */
    public static String requireUserId(String userId, String callerId, String field) {
        return userId.equals(callerId) ? userId : requireId(userId, field);
    }

    public static String requiredString(Object value, String field) {
        if (!(value instanceof String text) || text.isBlank()) {
            throw ClientError.badRequest(field + " is required and must be a string");
        }
        return text;
    }

    public static String requireId(Object value, String field) {
        String id = requiredString(value, field);
        if (!Ids.isValid(id)) {
            throw ClientError.badRequest(field + " must be an id (24 lowercase hex characters)");
        }
        return id;
    }

    /** An optional string field (null when absent); longer than {@code maxLength} is refused here, not logged. */
    public static String optionalText(Map<?, ?> payload, String field, int maxLength) {
        Object value = payload.get(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            throw ClientError.badRequest(field + " must be a string");
        }
        if (text.length() > maxLength) {
            throw ClientError.badRequest(field + " is too long");
        }
        return text;
    }

    /**
     * The optional {@code clientMessageId} of a message (null when absent): the sender's own id for it, which makes a
     * resend idempotent ({@code send-message}, {@code support-message}).
     */
    public static String optionalClientMessageId(Map<?, ?> payload) {
        Object clientMessageId = payload.get("clientMessageId");
        if (clientMessageId != null && (!(clientMessageId instanceof String id) || id.isBlank() || id.length() > 128)) {
            throw ClientError.badRequest("clientMessageId must be a string of 1 to 128 characters");
        }
        return (String) clientMessageId;
    }

    /**
     * A required text as the projector's rules get it: one that shows nothing (only spaces of any kind, such as no-break
     * spaces, which {@link String#isBlank} keeps but a JavaScript {@code trim()} takes away) goes on as {@code ""}, so the
     * rule that requires it refuses it and the refusal is logged like any other.
     */
    public static String requiredText(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!trimmedByJavaScript(c)) {
                return text;
            }
        }
        return "";
    }

    /** JavaScript's white space and line terminators: what its {@code trim()} takes away. */
    private static boolean trimmedByJavaScript(char c) {
        return c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r' || c == '\uFEFF' || Character.isSpaceChar(c);
    }

    public static boolean requireBoolean(Map<?, ?> payload, String field) {
        if (!(payload.get(field) instanceof Boolean value)) {
            throw ClientError.badRequest(field + " is required and must be true or false");
        }
        return value;
    }

    public static Void none(Object raw) {
        return null;
    }
}
