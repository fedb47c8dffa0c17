package dev.switchboard.readmodels;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * One page of a conversation's history (a chat's or a ticket's messages), newest first by {@code seq}, with a message id
 * as the cursor: at most {@code limit} messages, and whether older ones remain.
 */
public record HistoryPage<T>(List<T> messages, boolean hasMore) {

    /**
     * The page of {@code parentField = parentId} before the message {@code before} (null: the newest); empty when
     * {@code before} names no message of that conversation.
     */
    public static <T> Optional<HistoryPage<T>> of(MongoCollection<Document> messages, String parentField, String parentId, ObjectId before,
                                                  int limit, Function<Document, T> view) {
        List<Bson> filters = new ArrayList<>(List.of(Filters.eq(parentField, parentId)));
        if (before != null) {
            Document cursor = messages.find(Filters.and(Filters.eq(parentField, parentId), Filters.eq("_id", before))).first();
            if (cursor == null) {
                return Optional.empty();
            }
            filters.add(Filters.lt("seq", cursor.get("seq")));
        }
        List<T> page = new ArrayList<>();
        for (Document doc : messages.find(Filters.and(filters)).sort(Sorts.descending("seq")).limit(limit + 1)) {
            page.add(view.apply(doc));
        }
        boolean hasMore = page.size() > limit;
        return Optional.of(new HistoryPage<>(hasMore ? page.subList(0, limit) : page, hasMore));
    }
}
