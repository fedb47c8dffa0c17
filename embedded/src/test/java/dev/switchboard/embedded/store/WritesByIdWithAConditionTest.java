package dev.switchboard.embedded.store;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.WriteModel;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A write by {@code _id} with another condition (the projector's fenced writes: {@code {_id: x, writerEpoch: {$not:
 * {$gt: e}}}}, upserted) finds its document through the {@code _id} index ({@link ComparableKeyUniqueIndex#canHandle}),
 * where the server scanned the whole collection for each, and decides exactly as mongo-java-server's own backend: the
 * document replaced where the condition holds, a duplicate key where it does not.
 */
class WritesByIdWithAConditionTest {
    @TempDir
    Path dir;
    @RegisterExtension
    final ServedBackends served = new ServedBackends();

    private static MongoCollection<Document> usersOn(ServedBackends served, MongoBackend backend) {
        return served.serve(backend, "fenced").getCollection("users");
    }

    /** As the projector writes it: one flat query (an {@code $and} of the same two goes the server's way). */
    private static Bson fenced(Object id, long epoch) {
        return new Document("_id", id).append("writerEpoch", new Document("$not", new Document("$gt", epoch)));
    }

    private static ReplaceOneModel<Document> write(Object id, long epoch) {
        return new ReplaceOneModel<>(fenced(id, epoch), new Document("_id", id).append("name", "by " + epoch).append("writerEpoch", epoch),
                new ReplaceOptions().upsert(true));
    }

    @Test
    void aWriteByIdWithAConditionDecidesAsTheServersOwnBackend() {
        List<String> outcomes = new ArrayList<>();
        List<List<Document>> contents = new ArrayList<>();
        for (MongoBackend backend : List.of(new H2Backend(MVStore.open(null)), new FileStoreBackend(dir))) {
            MongoCollection<Document> users = usersOn(served, backend);
            users.insertMany(List.of(new Document("_id", "unstamped"), new Document("_id", "older").append("writerEpoch", 3L),
                    new Document("_id", "newer").append("writerEpoch", 9L)));
            users.bulkWrite(List.of(write("unstamped", 5), write("older", 5), write("absent", 5)));
            MongoBulkWriteException refused = assertThrows(MongoBulkWriteException.class, () -> users.bulkWrite(List.of(write("newer", 5))));
            outcomes.add(refused.getWriteErrors().get(0).getCategory() + " " + users.countDocuments(fenced("older", 4)) + " "
                    + users.countDocuments(fenced("older", 5)));
            contents.add(users.find().sort(Sorts.ascending("_id")).into(new ArrayList<>()));
        }
        assertEquals(outcomes.get(0), outcomes.get(1));
        assertEquals("DUPLICATE_KEY 0 1", outcomes.get(1));
        assertEquals(contents.get(0), contents.get(1));
    }

    @Test
    void fiveThousandWritesByIdWithAConditionAmongFortyThousandDocumentsTakeSecondsNotMinutes() {
        MongoCollection<Document> users = usersOn(served, new FileStoreBackend(dir));
        List<Document> docs = IntStream.range(0, 40_000).mapToObj(i -> new Document("_id", "u" + i).append("writerEpoch", 1L)).toList();
        for (int from = 0; from < docs.size(); from += 5_000) {
            users.insertMany(docs.subList(from, from + 5_000));
        }
        List<WriteModel<Document>> writes = IntStream.range(0, 5_000).<WriteModel<Document>>mapToObj(i -> write("u" + (i * 8), 2)).toList();
        // a scan per write reads 5,000 × 40,000 documents from the file: many minutes on this machine kind
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> users.bulkWrite(writes));
        assertEquals(5_000, users.countDocuments(Filters.eq("writerEpoch", 2L)));
    }
}
