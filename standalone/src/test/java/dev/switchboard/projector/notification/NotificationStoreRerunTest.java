package dev.switchboard.projector.notification;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;
import dev.switchboard.events.Ids;
import dev.switchboard.events.notification.Notification;
import dev.switchboard.readmodels.notification.NotificationReadModel;
import dev.switchboard.standalone.TestStack;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A batch written again after a crash between its store write and its positions (the re-run) leaves the
 * notifications as writing it once does: its creations do not fail on the documents the first run stored, and its
 * marks set what they set the first time.
 * In the projector's package for the store's package-private write; in this module for the shared stack's store.
 */
class NotificationStoreRerunTest {

    @Test
    void aBatchWrittenTwiceLeavesTheSameDocumentsAsWrittenOnce() {
        try (MongoClient mongo = MongoClients.create(TestStack.shared().mongoUri())) {
            MongoDatabase once = mongo.getDatabase("notifications_once_" + Ids.newId());
            MongoDatabase twice = mongo.getDatabase("notifications_twice_" + Ids.newId());
            List<NotificationChange> batch = batch();

            new NotificationStore(once).write(batch);
            NotificationStore rerun = new NotificationStore(twice);
            rerun.write(batch);
            rerun.write(batch);

            List<Document> expected = stored(once);
            assertEquals(2, expected.size());
            assertTrue(expected.get(0).getBoolean("isRead"), "the first notification was read in its batch");
            assertTrue(expected.get(0).getBoolean("delivered"));
            assertEquals(expected, stored(twice));
        }
    }

    private static List<Document> stored(MongoDatabase database) {
        return database.getCollection(NotificationReadModel.COLLECTION).find().sort(Sorts.ascending("_id")).into(new ArrayList<>());
    }

    /** Two notifications created, the first delivered and read, in one batch. */
    private static List<NotificationChange> batch() {
        String user = Ids.newId();
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        StoredNotification first = created(user, "k1", at);
        StoredNotification second = created(user, "k2", at);
        return List.of(new NotificationChange.Created(first), new NotificationChange.Created(second),
                new NotificationChange.Delivered(first.id(), at, "delivering-action"),
                new NotificationChange.Read(List.of(first.id()), at, "reading-action"));
    }

    private static StoredNotification created(String user, String key, Instant at) {
        Notification notification = new Notification(new ObjectId().toHexString(), user, "info", "title " + key, "message",
                Map.of("n", 1), false, false, at);
        return new StoredNotification(notification, key, "creating-action-" + key, null, null, null, null);
    }
}
