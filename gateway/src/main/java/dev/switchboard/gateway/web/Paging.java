package dev.switchboard.gateway.web;

import dev.switchboard.gateway.errors.ClientError;
import org.bson.types.ObjectId;

/** Cursor paging of REST lists: {@code before=<id>} and {@code limit} (default 20, at most 100). */
public final class Paging {
    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;

    private Paging() {
    }

    public static int limit(Integer requested) {
        if (requested == null) {
            return DEFAULT_LIMIT;
        }
        if (requested < 1 || requested > MAX_LIMIT) {
            throw ClientError.badRequest("limit must be between 1 and " + MAX_LIMIT);
        }
        return requested;
    }

    public static ObjectId cursor(String before) {
        if (!ObjectId.isValid(before)) {
            throw ClientError.badRequest("before must be an id");
        }
        return new ObjectId(before);
    }
}
