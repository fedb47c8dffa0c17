package dev.switchboard.embedded.store;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.bson.BsonValue;
import org.bson.Document;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Indexes of one collection that lead with the same field share one copy of its positions ({@link FieldPositions}).
 * Whichever of them the server reads — the first, or another once the first is dropped — and after the store opens
 * its file again, queries and {@code distinct} give what mongo-java-server's own H2 backend gives by scanning.
 */
class IndexesLeadingWithOneFieldTest {
    private static final String BY_READ = "user_1_isRead_1";
    private static final String BY_DELIVERED = "user_1_delivered_1";

    @TempDir
    Path dir;
    @RegisterExtension
    final ServedBackends served = new ServedBackends();
    private MongoCollection<Document> stock;
    private MongoCollection<Document> ours;

    @BeforeEach
    void start() {
        stock = collectionOn(new H2Backend(MVStore.open(null)));
        ours = collectionOn(new FileStoreBackend(dir)); // served last, so that reopenOurs closes it alone
    }

    private MongoCollection<Document> collectionOn(MongoBackend backend) {
        return served.serve(backend, "sharing").getCollection("notifications");
    }

    private void onBoth(Consumer<MongoCollection<Document>> write) {
        write.accept(ours);
        write.accept(stock);
    }

    private void reopenOurs() {
        served.closeLast();
        ours = collectionOn(new FileStoreBackend(dir));
    }

    private void assertSameAnswers() {
        for (String user : List.of("u1", "u2", "u3", "u4")) {
            assertEquals(stock.find(Filters.eq("user", user)).sort(Sorts.ascending("_id")).into(new ArrayList<>()),
                    ours.find(Filters.eq("user", user)).sort(Sorts.ascending("_id")).into(new ArrayList<>()), user);
        }
        assertEquals(stock.find(Filters.in("user", List.of("u1", "u3"))).sort(Sorts.ascending("_id")).into(new ArrayList<>()),
                ours.find(Filters.in("user", List.of("u1", "u3"))).sort(Sorts.ascending("_id")).into(new ArrayList<>()));
        assertEquals(stock.distinct("user", BsonValue.class).into(new ArrayList<>()),
                ours.distinct("user", BsonValue.class).into(new ArrayList<>()));
    }

    private static Document notification(String id, String user) {
        return new Document("_id", id).append("user", user).append("isRead", false).append("delivered", false);
    }

    @Test
    void indexesLeadingWithOneFieldAnswerLikeAScanAsTheyComeAndGoAndAcrossAReopen() {
        onBoth(c -> c.insertMany(List.of(notification("n1", "u1"), notification("n2", "u1"), notification("n3", "u2"))));
        onBoth(c -> c.createIndex(Indexes.ascending("user", "isRead")));
        onBoth(c -> c.createIndex(Indexes.ascending("user", "delivered"))); // shares the first one's positions
        onBoth(c -> c.insertOne(notification("n4", "u3")));
        onBoth(c -> c.updateOne(Filters.eq("_id", "n2"), Updates.set("user", "u2")));
        onBoth(c -> c.deleteOne(Filters.eq("_id", "n3")));
        assertSameAnswers();

        onBoth(c -> c.dropIndex(BY_READ)); // the second one now writes the positions
        onBoth(c -> c.insertOne(notification("n5", "u1")));
        onBoth(c -> c.updateOne(Filters.eq("_id", "n4"), Updates.set("user", "u1")));
        onBoth(c -> c.deleteOne(Filters.eq("_id", "n1")));
        assertSameAnswers();

        onBoth(c -> c.createIndex(Indexes.ascending("user", "isRead")));
        reopenOurs(); // both indexes built again from the file
        onBoth(c -> c.insertOne(notification("n6", "u4")));
        onBoth(c -> c.updateOne(Filters.eq("_id", "n5"), Updates.set("user", 7))); // a value the index does not keep
        assertSameAnswers();

        onBoth(c -> c.dropIndex(BY_DELIVERED));
        onBoth(c -> c.dropIndex(BY_READ)); // the last one: its positions are gone with it
        onBoth(c -> c.updateOne(Filters.eq("_id", "n5"), Updates.set("user", "u2")));
        onBoth(c -> c.createIndex(Indexes.ascending("user")));  // built from the documents, not from a stale copy
        assertSameAnswers();
    }
}
