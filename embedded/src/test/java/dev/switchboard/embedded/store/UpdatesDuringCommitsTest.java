package dev.switchboard.embedded.store;

import com.mongodb.WriteConcern;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The server changes a stored document in place when it updates it (it takes the document out of the map, removes and
 * puts its fields, and puts it back), while a journaled write on another connection writes every unsaved page to the
 * file. A document changed under that writer made it fail and close the store for good ("This store is closed" to
 * every later request), or could leave a half-updated document in the file. Updates now change a copy.
 */
class UpdatesDuringCommitsTest {
    private static final int DOCUMENTS = 300;
    private static final int FIELDS = 12;
    private static final long RUN_MILLIS = 6_000;

    @TempDir
    Path dir;
    @RegisterExtension
    final ServedBackends served = new ServedBackends();

    @Test
    void journaledWritesWhileAnotherConnectionUpdatesNeitherFailNorStoreAHalfUpdatedDocument() throws Exception {
        MongoDatabase database = served.serve(new FileStoreBackend(dir), "churn");
        MongoCollection<Document> churned = database.getCollection("churned");
        List<Document> documents = new ArrayList<>();
        for (int i = 0; i < DOCUMENTS; i++) {
            Document document = new Document("_id", "d" + i);
            for (int f = 0; f < FIELDS; f++) {
                document.append("field" + f, "value " + f + " of document " + i);
            }
            documents.add(document);
        }
        churned.withWriteConcern(WriteConcern.JOURNALED).insertMany(documents);
        MongoCollection<Document> journaled = database.getCollection("journal").withWriteConcern(WriteConcern.JOURNALED);

        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService threads = Executors.newFixedThreadPool(3);
        try {
            // each update adds or removes a field of every document, which is what an iteration over one notices
            Future<Integer> updates = threads.submit(() -> {
                int rounds = 0;
                while (running.get()) {
                    churned.updateMany(Filters.empty(), rounds % 2 == 0 ? Updates.set("round", rounds) : Updates.unset("round"));
                    rounds++;
                }
                return rounds;
            });
            Future<Integer> findAndModifies = threads.submit(() -> {
                int rounds = 0;
                while (running.get()) {
                    String id = "d" + (rounds % DOCUMENTS);
                    churned.findOneAndUpdate(Filters.eq("_id", id), rounds % 2 == 0 ? Updates.set("marked", true) : Updates.unset("marked"),
                            new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
                    rounds++;
                }
                return rounds;
            });
            Future<Integer> commits = threads.submit(() -> {
                int written = 0;
                while (running.get()) {
                    journaled.insertOne(new Document("n", written++));
                }
                return written;
            });
            Thread.sleep(RUN_MILLIS);
            running.set(false);
            assertTrue(updates.get(60, TimeUnit.SECONDS) > 0);
            assertTrue(findAndModifies.get(60, TimeUnit.SECONDS) > 0);
            assertTrue(commits.get(60, TimeUnit.SECONDS) > 0);
        } finally {
            running.set(false);
            threads.shutdownNow();
        }

        journaled.insertOne(new Document("n", "last")); // the store still takes journaled writes
        served.closeLast();
        MongoCollection<Document> reopened = served.serve(new FileStoreBackend(dir), "churn").getCollection("churned");
        assertEquals(DOCUMENTS, reopened.countDocuments());
        for (Document document : reopened.find()) {
            for (int f = 0; f < FIELDS; f++) {
                assertEquals("value " + f + " of document " + document.getString("_id").substring(1), document.getString("field" + f),
                        () -> "a field lost from " + document.toJson());
            }
        }
    }
}
