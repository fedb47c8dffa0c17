package dev.switchboard.gateway.web;

import dev.switchboard.gateway.errors.ClientError;
import dev.switchboard.readmodels.HistoryPage;
import org.bson.types.ObjectId;

import java.util.Optional;

/**
 * The REST side of history pages ({@link HistoryPage}: a chat's or a ticket's messages, newest first, a message id as
 * the cursor): {@code ?before=&limit=} checked, and a cursor of another conversation refused.
 */
public final class SeqPage {
    public static final int DEFAULT_LIMIT = 50;

    private SeqPage() {
    }

    /** {@code ?before=}: null (or empty) is the first page. */
    public static ObjectId cursor(String before) {
        return before == null || before.isBlank() ? null : Paging.cursor(before);
    }

    public static int size(Integer limit) {
        return Paging.limit(limit, DEFAULT_LIMIT, Paging.MAX_LIMIT);
    }

    /** The page, or BAD_REQUEST when the cursor names no message of this conversation. */
    public static <T> HistoryPage<T> found(Optional<HistoryPage<T>> page) {
        return page.orElseThrow(() -> ClientError.badRequest("before names no message of this conversation"));
    }
}
