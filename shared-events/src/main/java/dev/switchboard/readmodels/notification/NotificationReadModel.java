package dev.switchboard.readmodels.notification;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import dev.switchboard.events.notification.Notification;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code notifications} read model, its indexes, and the queries the gateway asks (the projector's batch loads and
 * writes stay in its {@code NotificationStore}). Indexes: {@code (user, idempotencyKey)} unique (deduplication);
 * {@code (user, delivered, createdAt)} (release on join); {@code (user, isRead)} (unread counts, read-all);
 * {@code (user, _id desc)} (history paging).
 */
public final class NotificationReadModel {
    public static final String COLLECTION = "notifications";
    /**
     * The projector's record, on a notification, of its owner's actions that read stored notifications before the
     * action that created / delivered / read it in that action's batch (batch bookkeeping for re-runs, projector's
     * {@code NotificationStore}); absent when there were none.
     */
    public static final String CREATED_AFTER = "createdAfter";
    public static final String DELIVERED_AFTER = "deliveredAfter";
    public static final String READ_AFTER = "readAfter";

    public static final List<IndexModel> INDEXES = List.of(
            new IndexModel(Indexes.ascending("user", "idempotencyKey"), new IndexOptions().unique(true)),
            new IndexModel(Indexes.ascending("user", "delivered", "createdAt")),
            new IndexModel(Indexes.ascending("user", "isRead")),
            new IndexModel(Indexes.compoundIndex(Indexes.ascending("user"), Indexes.descending("_id"))));

    /** One page of a user's notifications, newest first, and whether older ones remain. */
    public record Page(List<Notification> notifications, boolean hasMore) {
    }

    private final MongoCollection<Document> notifications;

    public NotificationReadModel(MongoDatabase database) {
        this.notifications = database.getCollection(COLLECTION);
    }

    public long unreadCount(String userId) {
        return notifications.countDocuments(Filters.and(Filters.eq("user", userId), Filters.eq("isRead", false)));
    }

    /** The user's notifications older than {@code before} (null: the newest), only unread ones if asked. */
    public Page page(String userId, boolean unreadOnly, ObjectId before, int limit) {
        List<Bson> filters = new ArrayList<>(List.of(Filters.eq("user", userId)));
        if (unreadOnly) {
            filters.add(Filters.eq("isRead", false));
        }
        if (before != null) {
            filters.add(Filters.lt("_id", before));
        }
        List<Notification> page = new ArrayList<>();
        for (Document doc : notifications.find(Filters.and(filters)).sort(Sorts.descending("_id")).limit(limit + 1)) {
            page.add(NotificationReadModel.notificationFrom(doc));
        }
        boolean hasMore = page.size() > limit;
        return new Page(hasMore ? page.subList(0, limit) : page, hasMore);
    }

    // ---- the documents: field names are the contract's

    @SuppressWarnings("unchecked")
    public static Notification notificationFrom(Document doc) {
        Document data = doc.get("data", Document.class);
        return new Notification(doc.getObjectId("_id").toHexString(), doc.getString("user"), doc.getString("type"),
                doc.getString("title"), doc.getString("message"), data == null ? Map.of() : (Map<String, Object>) (Map<?, ?>) data,
                doc.getBoolean("isRead", false), doc.getBoolean("delivered", false), doc.getDate("createdAt").toInstant());
    }
}
