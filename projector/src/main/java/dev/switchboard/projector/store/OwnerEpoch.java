package dev.switchboard.projector.store;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.ReadPreference;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Fences the documents a projector writes whole (chat and ticket heads, presence, users, support messages) against a
 * projector that no longer owns them. A projector frozen in the middle of a batch for longer than its session (a
 * stop-the-world pause, a suspended VM), or cut off from the brokers but not from the store, loses its partitions to
 * another while it can still write; when it runs again it would write its batch over what its successor wrote since,
 * and a head written whole would go back until its aggregate's next action, which would then be decided from it.
 * <p>
 * So each process takes an epoch ({@code projector_owners}, one counter per database, raised to the clock and then by
 * one, journaled majority writes) whenever it is given partitions, higher than every epoch taken before it on that
 * database; every such write stamps the document with it ({@value #FIELD}) and is filtered on the stored stamp not
 * being higher. A write of a superseded process then matches nothing, and its upsert collides with the document's {@code _id}: the store refuses
 * it ({@link Superseded}) and the batch is not applied here (the process's next poll finds it has left its group, and
 * whatever it is given then comes with a new epoch). The current owner's writes always pass: its epoch was taken after
 * its predecessor's, and each of these documents is written from one partition only (its aggregate's key).
 */
@Component
public class OwnerEpoch {
    public static final String COLLECTION = "projector_owners";
    /** The epoch of the process that last wrote a fenced document; bookkeeping, left out of read-model comparisons. */
    public static final String FIELD = "writerEpoch";
    private static final String COUNTER = "epoch";

    private final MongoCollection<Document> owners;
    /** 0: none taken yet (the first write takes one). */
    private volatile long current;

    public OwnerEpoch(MongoDatabase database) {
        this.owners = database.getCollection(COLLECTION).withReadPreference(ReadPreference.primary())
                .withWriteConcern(WriteConcern.MAJORITY.withJournal(true));
    }

    /** A process that no longer owns a document it was about to write: another has written it under a later epoch. */
    public static final class Superseded extends RuntimeException {
        Superseded(long epoch, String collection, int refused) {
            super("another projector has taken over: " + refused + " document(s) of " + collection
                    + " were written under a later epoch than this process's " + epoch + "; not written again");
        }
    }

    /**
     * Takes a new epoch, higher than every one taken on this database before (this process was given partitions). The
     * counter is first raised to the clock's milliseconds, so that a counter lost or restored from an older backup
     * while documents written since keep their stamps does not hand out epochs below those, which would refuse the
     * current owner's writes for good; while it is kept, clocks that disagree between hosts do not matter.
     */
    public long takeOver() {
        owners.updateOne(Filters.eq("_id", COUNTER), Updates.max(COUNTER, System.currentTimeMillis()), new UpdateOptions().upsert(true));
        Document counter = owners.findOneAndUpdate(Filters.eq("_id", COUNTER), Updates.inc(COUNTER, 1L),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
        current = ((Number) counter.get(COUNTER)).longValue();
        return current;
    }

    /** The epoch this process writes under. */
    public long current() {
        long epoch = current;
        return epoch != 0 ? epoch : first();
    }

    /** A rebuild's lanes write before any assignment: the first of them takes the epoch for all. */
    private synchronized long first() {
        return current != 0 ? current : takeOver();
    }

    /**
     * The document with this {@code _id}, while no later epoch has written it. One flat query, not an {@code $and}: the
     * embedded store finds it through the {@code _id} index only so (as MongoDB does either way).
     */
    public static Bson fenced(Object id, long epoch) {
        return new Document("_id", id).append(FIELD, new Document("$not", new Document("$gt", epoch)));
    }

    /** The document, stamped with {@code epoch}. */
    public static Document stamped(Document doc, long epoch) {
        return doc.append(FIELD, epoch);
    }

    /**
     * Runs a bulk write of fenced upserts: one that collides with a document written under a later epoch throws
     * {@link Superseded} (the others of an unordered write are applied, as this process decided them: its successor
     * has not written those yet and will write them again).
     */
    public void bulkWrite(MongoCollection<Document> collection, List<? extends WriteModel<Document>> writes, BulkWriteOptions options, long epoch) {
        try {
            collection.bulkWrite(writes, options);
        } catch (MongoBulkWriteException e) {
            long refused = e.getWriteErrors().stream().filter(error -> error.getCategory() == ErrorCategory.DUPLICATE_KEY).count();
            if (refused == 0) {
                throw e;
            }
            throw new Superseded(epoch, collection.getNamespace().getCollectionName(), (int) refused);
        }
    }
}
