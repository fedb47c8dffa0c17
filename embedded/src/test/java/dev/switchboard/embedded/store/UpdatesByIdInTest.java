package dev.switchboard.embedded.store;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateManyModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.result.UpdateResult;
import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * An update of many documents by {@code _id $in}, which the embedded store applies a slice of ids at a time
 * ({@link FileStoreCollection#updateDocuments}), changes and counts exactly what mongo-java-server's own H2 backend
 * does in one pass, and an update of tens of thousands of messages (a provider back after a long absence) takes
 * seconds, not the minutes of the server's n² matching.
 */
class UpdatesByIdInTest {
    private static final int MESSAGES = 3 * FileStoreCollection.ID_SLICE + 17;
    @TempDir
    Path dir;
    @RegisterExtension
    final ServedBackends served = new ServedBackends();
    private MongoCollection<Document> ours;
    private MongoCollection<Document> stock;
    private final List<ObjectId> ids = IntStream.range(0, MESSAGES).mapToObj(i -> new ObjectId()).toList();

    @BeforeEach
    void start() {
        ours = messagesOn(new FileStoreBackend(dir));
        stock = messagesOn(new H2Backend(MVStore.open(null)));
    }

    private MongoCollection<Document> messagesOn(MongoBackend backend) {
        MongoCollection<Document> messages = served.serve(backend, "marks").getCollection("messages");
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            docs.add(new Document("_id", ids.get(i)).append("chat", "c" + i % 3).append("seq", i).append("delivered", i % 5 == 0));
        }
        docs.add(new Document("_id", "text-id").append("seq", -1));
        messages.insertMany(docs);
        return messages;
    }

    private void assertSameOnBoth(Function<MongoCollection<Document>, UpdateResult> update) {
        UpdateResult expected = update.apply(stock);
        UpdateResult actual = update.apply(ours);
        assertEquals(expected.getMatchedCount(), actual.getMatchedCount(), "matched");
        assertEquals(expected.getModifiedCount(), actual.getModifiedCount(), "modified");
        assertEquals(stock.find().sort(Sorts.ascending("seq")).into(new ArrayList<>()),
                ours.find().sort(Sorts.ascending("seq")).into(new ArrayList<>()));
    }

    /** Most of the ids in a shuffled order, some twice, some of no stored document, and a string id. */
    private List<Object> shuffledIdsWithRepeatsAndStrangers() {
        List<Object> in = new ArrayList<>(ids.subList(10, ids.size()));
        in.addAll(ids.subList(40, 60));
        in.add(new ObjectId());
        in.add("text-id");
        in.add("no-such-id");
        Collections.shuffle(in, new Random(7));
        return in;
    }

    @Test
    void aMarkOfManyMessagesByIdInChangesAndCountsWhatTheServersUpdateDoes() {
        Bson byIds = Filters.in("_id", shuffledIdsWithRepeatsAndStrangers());
        assertSameOnBoth(c -> c.updateMany(byIds, Updates.combine(Updates.set("delivered", true), Updates.set("deliveredBy", "a1"))));
        // the second time nothing changes: matched, not modified
        assertSameOnBoth(c -> c.updateMany(byIds, Updates.combine(Updates.set("delivered", true), Updates.set("deliveredBy", "a1"))));
    }

    @Test
    void anIdNamedTwiceAcrossSlicesIsChangedOnce() {
        List<Object> twice = new ArrayList<>(ids);
        twice.addAll(ids);
        assertSameOnBoth(c -> c.updateMany(Filters.in("_id", twice), Updates.inc("seen", 1)));
    }

    @Test
    void selectorsThatAreNotOnlyPlainIdsGoTheServersWay() {
        List<Object> withANumber = new ArrayList<>(ids);
        withANumber.add(42);
        assertSameOnBoth(c -> c.updateMany(Filters.in("_id", withANumber), Updates.set("a", 1)));
        assertSameOnBoth(c -> c.updateMany(Filters.and(Filters.in("_id", ids), Filters.eq("chat", "c1")), Updates.set("b", 1)));
        assertSameOnBoth(c -> c.updateOne(Filters.in("_id", ids), Updates.set("c", 1)));
        assertSameOnBoth(c -> c.updateMany(Filters.in("_id", ids), Updates.set("d", 1), new UpdateOptions().upsert(true)));
        assertSameOnBoth(c -> c.updateMany(Filters.in("chat", List.of("c0", "c2")), Updates.set("e", 1)));
    }

    @Test
    void aSliceThatBreaksAUniqueIndexFailsTheWriteAsTheServersUpdateDoes() {
        for (MongoCollection<Document> c : List.of(stock, ours)) {
            c.createIndex(Indexes.ascending("clientKey"), new IndexOptions().unique(true).sparse(true));
        }
        // the server applies an $in in its ids' order: the first document takes the key, the second one breaks the index
        List<UpdateManyModel<Document>> write = List.of(new UpdateManyModel<>(Filters.in("_id", new ArrayList<Object>(ids)), Updates.set("clientKey", "same")));
        MongoBulkWriteException expected = assertThrows(MongoBulkWriteException.class, () -> stock.bulkWrite(write));
        MongoBulkWriteException actual = assertThrows(MongoBulkWriteException.class, () -> ours.bulkWrite(write));
        assertEquals(expected.getWriteErrors().get(0).getCode(), actual.getWriteErrors().get(0).getCode());
        assertEquals(stock.find(Filters.exists("clientKey")).into(new ArrayList<>()), ours.find(Filters.exists("clientKey")).into(new ArrayList<>()));
    }

    @Test
    void markingFortyThousandMessagesAtOnceTakesSecondsNotMinutes() {
        List<ObjectId> many = IntStream.range(0, 40_000).mapToObj(i -> new ObjectId()).toList();
        List<Document> docs = many.stream().map(id -> new Document("_id", id).append("delivered", false)).toList();
        for (int from = 0; from < docs.size(); from += 5_000) {
            ours.insertMany(docs.subList(from, from + 5_000));
        }
        // the server's own matching makes 2 × 40,000² comparisons here: minutes on this machine kind
        UpdateResult result = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> ours.updateMany(Filters.in("_id", many), Updates.set("delivered", true)));
        assertEquals(40_000, result.getModifiedCount());
    }
}
