package dev.switchboard.projector.notification;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;
import dev.switchboard.events.Actor;
import dev.switchboard.events.Envelope;
import dev.switchboard.events.Event;
import dev.switchboard.events.EventTypes;
import dev.switchboard.events.Ids;
import dev.switchboard.events.notification.NotificationAction;
import dev.switchboard.events.notification.NotificationAction.AllNotificationsRead;
import dev.switchboard.events.notification.NotificationAction.NotificationRequested;
import dev.switchboard.events.notification.NotificationAction.NotificationsJoined;
import dev.switchboard.readmodels.notification.NotificationReadModel;
import dev.switchboard.standalone.TestStack;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A notification batch run again after a crash between its store write and its positions, cut shorter than the failed
 * run by the re-run's first poll: it publishes what the first run decided and leaves the documents one run leaves
 * ({@code createdAfter} aside, which records how the log was cut). Through the projection and the shared stack's store.
 */
class NotificationProjectionRerunTest {
    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    private final String user = Ids.newId();
    private MongoClient mongo;
    private int actions;

    @BeforeEach
    void connect() {
        mongo = MongoClients.create(TestStack.shared().mongoUri());
    }

    @AfterEach
    void close() {
        mongo.close();
    }

    @Test
    void aReadAllCutOffFromTheCreationsAfterItDoesNotReadThem() {
        List<Envelope<Event>> before = List.of(action(created()));
        Envelope<Event> readAll = action(new AllNotificationsRead(user));
        Envelope<Event> later = action(created());

        assertRerunsLikeOneRun(before, List.of(readAll, later), List.of(List.of(readAll), List.of(later)));
    }

    @Test
    void aJoinCutOffFromTheCreationsAfterItDoesNotReleaseThem() {
        List<Envelope<Event>> before = List.of(action(created()));
        Envelope<Event> join = action(new NotificationsJoined(user, "connection-1"));
        Envelope<Event> later = action(created());
        Envelope<Event> readAll = action(new AllNotificationsRead(user));
        Envelope<Event> last = action(created());

        assertRerunsLikeOneRun(before, List.of(join, later, readAll, last), List.of(List.of(join), List.of(later, readAll), List.of(last)));
    }

    @Test
    void aRepeatedRequestCutOffFromTheReadAfterItAnswersTheOriginalAsItWasThen() {
        NotificationRequested original = created("order-42");
        List<Envelope<Event>> before = List.of(action(original));
        Envelope<Event> repeated = action(new NotificationRequested(new ObjectId().toHexString(), user, "payment", "Paid", "again", Map.of(), "order-42"));
        Envelope<Event> readAll = action(new AllNotificationsRead(user));

        assertRerunsLikeOneRun(before, List.of(repeated, readAll), List.of(List.of(repeated), List.of(readAll)));
    }

    private void assertRerunsLikeOneRun(List<Envelope<Event>> before, List<Envelope<Event>> batch, List<List<Envelope<Event>>> rerun) {
        MongoDatabase once = mongo.getDatabase("notifications_once_" + Ids.newId());
        projection(once).apply(before);
        List<Object> updates = payloads(projection(once).apply(batch));

        MongoDatabase twice = mongo.getDatabase("notifications_rerun_" + Ids.newId());
        projection(twice).apply(before);
        projection(twice).apply(batch); // written, not positioned: the process dies
        NotificationProjection restarted = projection(twice);
        List<Object> again = new ArrayList<>();
        rerun.forEach(part -> again.addAll(payloads(restarted.apply(part))));

        assertEquals(updates, again);
        assertEquals(documents(once), documents(twice));
    }

    private static NotificationProjection projection(MongoDatabase database) {
        return new NotificationProjection(new NotificationStore(database), (WrittenKeys) null);
    }

    private static List<Object> payloads(List<Envelope<?>> updates) {
        return updates.stream().map(update -> (Object) update.payload()).toList();
    }

    private static List<Document> documents(MongoDatabase database) {
        List<Document> documents = database.getCollection(NotificationReadModel.COLLECTION).find().sort(Sorts.ascending("_id")).into(new ArrayList<>());
        documents.forEach(document -> List.of(NotificationReadModel.CREATED_AFTER, NotificationReadModel.DELIVERED_AFTER,
                NotificationReadModel.READ_AFTER).forEach(document::remove));
        return documents;
    }

    private NotificationRequested created() {
        return created(null);
    }

    private NotificationRequested created(String idempotencyKey) {
        return new NotificationRequested(new ObjectId().toHexString(), user, "payment", "Paid", "We received " + actions + " EUR", Map.of("n", actions),
                idempotencyKey);
    }

    private Envelope<Event> action(NotificationAction payload) {
        String id = "action-" + Ids.newId();
        Actor actor = payload instanceof NotificationRequested ? Actor.service("billing") : Actor.user(user, "client");
        return new Envelope<>(id, EventTypes.nameOf(payload), EventTypes.versionOf(payload), T0.plusSeconds(actions++), actor, user, id, payload);
    }
}
