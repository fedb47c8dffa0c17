package dev.switchboard.gateway.web;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import dev.switchboard.gateway.errors.ClientError;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * History pages of a conversation (chat or ticket), newest first by {@code seq}, with a message id as the cursor.
 */
public final class SeqPage {
    public static final int DEFAULT_LIMIT = 50;

    private SeqPage() {
    }

    /** One page: at most the limit of messages, and whether older ones remain. */
    public record Result<T>(List<T> messages, boolean hasMore) {
    }

    public static <T> Result<T> of(MongoCollection<Document> messages, String parentField, String parentId, String before,
                                   Integer limit, Function<Document, T> view) {
        int pageSize = limit == null ? DEFAULT_LIMIT : Paging.limit(limit);
        List<Bson> filters = new ArrayList<>(List.of(Filters.eq(parentField, parentId)));
        if (before != null && !before.isBlank()) { // ?before= (empty) is the first page
            Document cursor = messages.find(Filters.and(Filters.eq(parentField, parentId), Filters.eq("_id", Paging.cursor(before)))).first();
            if (cursor == null) {
                throw ClientError.badRequest("before names no message of this conversation");
            }
            filters.add(Filters.lt("seq", cursor.get("seq")));
        }
        List<T> page = new ArrayList<>();
        for (Document doc : messages.find(Filters.and(filters)).sort(Sorts.descending("seq")).limit(pageSize + 1)) {
            page.add(view.apply(doc));
        }
        boolean hasMore = page.size() > pageSize;
        return new Result<>(hasMore ? page.subList(0, pageSize) : page, hasMore);
    }
}
