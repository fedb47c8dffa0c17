package dev.switchboard.projector.notification;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateManyModel;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import dev.switchboard.events.Envelope;
import dev.switchboard.events.Event;
import dev.switchboard.events.notification.Notification;
import dev.switchboard.events.notification.NotificationAction.AllNotificationsRead;
import dev.switchboard.events.notification.NotificationAction.NotificationDelivered;
import dev.switchboard.events.notification.NotificationAction.NotificationRead;
import dev.switchboard.events.notification.NotificationAction.NotificationRequested;
import dev.switchboard.events.notification.NotificationAction.NotificationsJoined;
import dev.switchboard.events.notification.NotificationAction;
import dev.switchboard.readmodels.notification.NotificationReadModel;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * The {@code notifications} collection, one document per notification:
 * {@code { _id: ObjectId, user, type, title, message, data, isRead, readAt, delivered, deliveredAt, createdAt,
 * idempotencyKey, createdBy, releasedBy | deliveredBy, readBy, createdAfter?, deliveredAfter?, readAfter? }} (the gateway
 * reads it through
 * {@link NotificationReadModel#notificationFrom}).
 * Indexes: {@code (user, idempotencyKey)} unique (deduplication); {@code (user, delivered, createdAt)} (release on
 * join); {@code (user, isRead)} (unread counts, read-all); {@code (user, _id desc)} (history paging).
 * {@code createdBy}, {@code releasedBy} (a join) / {@code deliveredBy} (a gateway's report) and {@code readBy} name the
 * action that created, delivered and read a document, so that a re-run batch can see the state before it
 * ({@link NotificationState#beforeBatch}).
 */
@Component
public class NotificationStore {
    private final MongoCollection<Document> notifications;

    public NotificationStore(MongoDatabase database) {
        this.notifications = database.getCollection(NotificationReadModel.COLLECTION);
        notifications.createIndexes(NotificationReadModel.INDEXES);
    }

    /**
     * What a batch's actions can touch (see {@link NotificationState}): the notifications they name by id, and per user
     * the requested idempotency keys, whether they join (everything undelivered, or released by one of their joins) and
     * whether they read all (everything unread, or read by one of their read-alls).
     */
    record Wanted(Set<ObjectId> ids, Map<String, UserWanted> byUser) {

        record UserWanted(Set<String> keys, Set<String> joins, Set<String> readAlls) {
        }

        static Wanted by(List<Envelope<Event>> actions) {
            Set<ObjectId> ids = new LinkedHashSet<>();
            Map<String, UserWanted> byUser = new LinkedHashMap<>();
            for (Envelope<Event> action : actions) {
                NotificationAction payload = (NotificationAction) action.payload();
                if (payload.userId() == null) {
                    continue;
                }
                UserWanted user = byUser.computeIfAbsent(payload.userId(),
                        u -> new UserWanted(new LinkedHashSet<>(), new LinkedHashSet<>(), new LinkedHashSet<>()));
                if (payload instanceof NotificationRequested requested) {
                    addId(ids, requested.notificationId());
                    if (requested.effectiveIdempotencyKey() != null) {
                        user.keys().add(requested.effectiveIdempotencyKey());
                    }
                } else if (payload instanceof NotificationDelivered delivered) {
                    addId(ids, delivered.notificationId());
                } else if (payload instanceof NotificationRead read) {
                    addId(ids, read.notificationId());
                } else if (payload instanceof NotificationsJoined) {
                    user.joins().add(action.id());
                } else if (payload instanceof AllNotificationsRead) {
                    user.readAlls().add(action.id());
                }
            }
            return new Wanted(ids, byUser);
        }

        /** The same, asking only for the idempotency keys that {@code mayBeStored} (by user and key). */
        Wanted onlyKeys(BiPredicate<String, String> mayBeStored) {
            Map<String, UserWanted> narrowed = new LinkedHashMap<>();
            byUser.forEach((userId, user) -> {
                Set<String> keys = new LinkedHashSet<>();
                user.keys().forEach(key -> {
                    if (mayBeStored.test(userId, key)) {
                        keys.add(key);
                    }
                });
                narrowed.put(userId, new UserWanted(keys, user.joins(), user.readAlls()));
            });
            return new Wanted(ids, narrowed);
        }

        private static void addId(Set<ObjectId> ids, String id) {
            if (id != null && ObjectId.isValid(id)) {
                ids.add(new ObjectId(id));
            }
        }
    }

    /** One query by id, and one per user who requests, joins or reads all (each narrowed by the user's indexes). */
    List<StoredNotification> load(Wanted wanted) {
        Map<ObjectId, Document> found = new LinkedHashMap<>();
        if (!wanted.ids().isEmpty()) {
            notifications.find(Filters.in("_id", wanted.ids())).forEach(doc -> found.put(doc.getObjectId("_id"), doc));
        }
        wanted.byUser().forEach((userId, user) -> {
            List<Bson> any = new ArrayList<>();
            if (!user.keys().isEmpty()) {
                any.add(Filters.in("idempotencyKey", user.keys()));
            }
            if (!user.joins().isEmpty()) {
                any.add(Filters.eq("delivered", false));
                any.add(Filters.in("releasedBy", user.joins()));
            }
            if (!user.readAlls().isEmpty()) {
                any.add(Filters.eq("isRead", false));
                any.add(Filters.in("readBy", user.readAlls()));
            }
            if (!any.isEmpty()) {
                notifications.find(Filters.and(Filters.eq("user", userId), Filters.or(any)))
                        .forEach(doc -> found.put(doc.getObjectId("_id"), doc));
            }
        });
        return found.values().stream().map(NotificationStore::fromBson).toList();
    }

    /**
     * The batch's changes in one ordered bulk write. A creation only inserts (it never replaces a document that exists,
     * e.g. one the first run of a re-run batch stored); marks only set, with the action's id and time.
     */
    void write(List<NotificationChange> changes) {
        List<WriteModel<Document>> writes = new ArrayList<>(changes.size());
        for (NotificationChange change : changes) {
            if (change instanceof NotificationChange.Created created) {
                writes.add(new UpdateOneModel<>(Filters.eq("_id", new ObjectId(created.notification().id())),
                        new Document("$setOnInsert", toBson(created.notification())), new UpdateOptions().upsert(true)));
            } else if (change instanceof NotificationChange.Delivered delivered) {
                writes.add(new UpdateOneModel<>(Filters.eq("_id", new ObjectId(delivered.notificationId())),
                        marked("delivered", "deliveredAt", delivered.at(), "deliveredBy", delivered.actionId(),
                                NotificationReadModel.DELIVERED_AFTER, delivered.after())));
            } else if (change instanceof NotificationChange.Released released) {
                writes.add(new UpdateManyModel<>(Filters.in("_id", objectIds(released.notificationIds())),
                        marked("delivered", "deliveredAt", released.at(), "releasedBy", released.actionId(),
                                NotificationReadModel.DELIVERED_AFTER, released.after())));
            } else if (change instanceof NotificationChange.Read read) {
                writes.add(new UpdateManyModel<>(Filters.in("_id", objectIds(read.notificationIds())),
                        marked("isRead", "readAt", read.at(), "readBy", read.actionId(), NotificationReadModel.READ_AFTER, read.after())));
            }
        }
        if (!writes.isEmpty()) {
            notifications.bulkWrite(writes);
        }
    }

    /** A mark is made once per notification (a flag never goes back), so an empty {@code after} needs no field. */
    private static Bson marked(String flag, String atField, Instant at, String byField, String actionId, String afterField, List<String> after) {
        Bson set = Updates.combine(Updates.set(flag, true), Updates.set(atField, Date.from(at)), Updates.set(byField, actionId));
        return after.isEmpty() ? set : Updates.combine(set, Updates.set(afterField, after));
    }

    private static List<ObjectId> objectIds(Collection<String> ids) {
        return ids.stream().map(ObjectId::new).toList();
    }

    /** A new notification's document: unread and undelivered (its marks are written by the changes after it). */
    private static Document toBson(StoredNotification stored) {
        Notification notification = stored.notification();
        Document doc = new Document("user", notification.user())
                .append("type", notification.type())
                .append("title", notification.title())
                .append("message", notification.message())
                .append("data", new Document(notification.data()))
                .append("isRead", false)
                .append("readAt", null)
                .append("delivered", false)
                .append("deliveredAt", null)
                .append("createdAt", Date.from(notification.createdAt()))
                .append("idempotencyKey", stored.idempotencyKey())
                .append("createdBy", stored.createdBy());
        if (!stored.createdAfter().isEmpty()) {
            doc.append(NotificationReadModel.CREATED_AFTER, stored.createdAfter());
        }
        return doc;
    }

    private static StoredNotification fromBson(Document doc) {
        String deliveredBy = doc.getString("releasedBy") != null ? doc.getString("releasedBy") : doc.getString("deliveredBy");
        return new StoredNotification(NotificationReadModel.notificationFrom(doc), doc.getString("idempotencyKey"), doc.getString("createdBy"),
                instant(doc.getDate("deliveredAt")), deliveredBy, instant(doc.getDate("readAt")), doc.getString("readBy"),
                doc.getList(NotificationReadModel.CREATED_AFTER, String.class, List.of()),
                doc.getList(NotificationReadModel.DELIVERED_AFTER, String.class, List.of()),
                doc.getList(NotificationReadModel.READ_AFTER, String.class, List.of()));
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
