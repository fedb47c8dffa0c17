package dev.switchboard.gateway.web;

import dev.switchboard.gateway.errors.ClientError;
import dev.switchboard.gateway.input.Payloads;
import org.bson.types.ObjectId;

/** Cursor paging of REST lists: {@code before=<id>} and {@code limit} (default 20, at most 100). */
public final class Paging {
    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;

    private Paging() {
    }

    public static int limit(Integer requested) {
        return limit(requested, DEFAULT_LIMIT, MAX_LIMIT);
    }

    /** {@code ?limit=} of a list with its own default and bound: 1 to {@code max}, {@code fallback} when absent. */
    public static int limit(Integer requested, int fallback, int max) {
        if (requested == null) {
            return fallback;
        }
        if (requested < 1 || requested > max) {
            throw ClientError.badRequest("limit must be between 1 and " + max);
        }
        return requested;
    }

    public static ObjectId cursor(String before) {
        return new ObjectId(Payloads.requireId(before, "before"));
    }
}
