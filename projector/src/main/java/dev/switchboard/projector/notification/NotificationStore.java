package dev.switchboard.projector.notification;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import dev.switchboard.events.notification.Notification;
import dev.switchboard.events.notification.NotificationDocuments;
import dev.switchboard.projector.store.ReadModels;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * The {@code notifications} collection, one document per notification:
 * {@code { _id: ObjectId, user, type, title, message, data, isRead, readAt, delivered, deliveredAt, createdAt,
 * idempotencyKey, releasedBy, readBy }}.
 * Indexes: {@code (user, idempotencyKey)} unique (deduplication); {@code (user, delivered, createdAt)} (release on
 * join); {@code (user, isRead)} (unread counts, read-all); {@code (user, _id desc)} (history paging).
 * {@code releasedBy} / {@code readBy} name the action that delivered / read a document, so re-running that action
 * finds the same documents and reports the same outcome.
 */
@Component
public class NotificationStore {
    public static final String COLLECTION = "notifications";

    private final MongoCollection<Document> notifications;

    public NotificationStore(ReadModels readModels) {
        this.notifications = readModels.collection(COLLECTION);
        notifications.createIndex(Indexes.ascending("user", "idempotencyKey"), new IndexOptions().unique(true));
        notifications.createIndex(Indexes.ascending("user", "delivered", "createdAt"));
        notifications.createIndex(Indexes.ascending("user", "isRead"));
        notifications.createIndex(Indexes.compoundIndex(Indexes.ascending("user"), Indexes.descending("_id")));
    }

    public Optional<Notification> byIdempotencyKey(String userId, String key) {
        return Optional.ofNullable(notifications.find(Filters.and(Filters.eq("user", userId), Filters.eq("idempotencyKey", key))).first())
                .map(NotificationDocuments::notification);
    }

    public Optional<Notification> byId(String notificationId) {
        if (!ObjectId.isValid(notificationId)) {
            return Optional.empty();
        }
        return Optional.ofNullable(notifications.find(Filters.eq("_id", new ObjectId(notificationId))).first()).map(NotificationDocuments::notification);
    }

    /** Inserts; false if a document with that id or that (user, idempotencyKey) exists already. */
    public boolean insert(Notification notification, String idempotencyKey) {
        Document doc = new Document("_id", new ObjectId(notification.id()))
                .append("user", notification.user())
                .append("type", notification.type())
                .append("title", notification.title())
                .append("message", notification.message())
                .append("data", new Document(notification.data()))
                .append("isRead", false)
                .append("readAt", null)
                .append("delivered", false)
                .append("deliveredAt", null)
                .append("createdAt", Date.from(notification.createdAt()))
                .append("idempotencyKey", idempotencyKey);
        try {
            notifications.insertOne(doc);
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    public void markDelivered(String userId, String notificationId, Instant at) {
        if (!ObjectId.isValid(notificationId)) {
            return;
        }
        notifications.updateOne(Filters.and(Filters.eq("_id", new ObjectId(notificationId)), Filters.eq("user", userId),
                Filters.eq("delivered", false)), Updates.combine(Updates.set("delivered", true), Updates.set("deliveredAt", Date.from(at))));
    }

    /** Marks the user's undelivered notifications delivered by {@code actionId}; returns them, oldest first. */
    public List<Notification> release(String userId, String actionId, Instant at) {
        Bson mine = Filters.and(Filters.eq("user", userId), Filters.or(Filters.eq("delivered", false), Filters.eq("releasedBy", actionId)));
        List<Notification> released = new ArrayList<>();
        List<ObjectId> ids = new ArrayList<>();
        for (Document doc : notifications.find(mine).sort(Sorts.ascending("createdAt", "_id"))) {
            released.add(NotificationDocuments.notification(doc).asDelivered());
            ids.add(doc.getObjectId("_id"));
        }
        if (!ids.isEmpty()) {
            notifications.updateMany(Filters.and(Filters.in("_id", ids), Filters.eq("delivered", false)),
                    Updates.combine(Updates.set("delivered", true), Updates.set("deliveredAt", Date.from(at)), Updates.set("releasedBy", actionId)));
        }
        return released;
    }

    public void markRead(String notificationId, Instant at) {
        notifications.updateOne(Filters.and(Filters.eq("_id", new ObjectId(notificationId)), Filters.eq("isRead", false)),
                Updates.combine(Updates.set("isRead", true), Updates.set("readAt", Date.from(at))));
    }

    /** Marks every unread notification of the user read by {@code actionId}; returns how many that action read. */
    public long markAllRead(String userId, String actionId, Instant at) {
        notifications.updateMany(Filters.and(Filters.eq("user", userId), Filters.eq("isRead", false)),
                Updates.combine(Updates.set("isRead", true), Updates.set("readAt", Date.from(at)), Updates.set("readBy", actionId)));
        return notifications.countDocuments(Filters.and(Filters.eq("user", userId), Filters.eq("readBy", actionId)));
    }
}
