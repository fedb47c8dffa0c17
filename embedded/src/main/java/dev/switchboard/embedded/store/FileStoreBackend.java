package dev.switchboard.embedded.store;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.DatabaseResolver;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import de.bwaldvogel.mongo.oplog.Oplog;
import io.netty.channel.Channel;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * mongo-java-server's H2 file backend with these changes, the first four found by profiling the chat pipeline and the rebuild:
 * <ul>
 *   <li>documents, index keys and ObjectIds are written to the file as BSON ({@link BsonObjectType}) instead of with
 *       Java serialization; maps written by an earlier build keep H2's format and read as before ({@link CollectionMaps});</li>
 *   <li>unique indexes ({@code _id} among them) keep their keys in maps typed with {@link IndexKeyType}, so looking
 *       a key up no longer serializes objects. The file layout is H2's, but the keys' order in those maps differs
 *       from the stock backend's, so files of the two are not interchangeable (hence a file name of its own); they
 *       also narrow a query on their fields that has other conditions beside them (the projector's fenced writes),
 *       which the stock backend answered by scanning the collection;</li>
 *   <li>non-unique indexes, which the stock backend ignores, narrow queries on their leading field
 *       ({@link LeadingFieldIndex}) instead of every query scanning its whole collection, and so do the driver's
 *       {@code countDocuments} aggregations ({@link IndexedCount}) and {@code distinct} ({@link FileStoreCollection});</li>
 *   <li>data sizes are counted with a reused buffer ({@link FileStoreCollection}, {@link BsonEncoding});</li>
 *   <li>an update changes a copy of a stored document, never the object in H2's map, which a journaled write on
 *       another connection may be writing to the file at that moment ({@link FileStoreCollection#queryDocuments}).</li>
 * </ul>
 * And one change of durability, the one MongoDB's journal gives ({@link JournaledWrites}): the stock backend lets H2 write
 * its file about once a second, so a {@code kill -9} lost up to a second of acknowledged writes. Here nothing reaches
 * the file in the background; a write whose write concern asks for the journal ({@code j: true} or {@code w: "majority"})
 * is answered only once it and everything written before it are in the file.
 */
public final class FileStoreBackend extends H2Backend {
    public static final String FILE_NAME = "switchboard-store.mv";

    public FileStoreBackend(Path dir) {
        // no background commit (by time or by unsaved memory): the file only ever holds the state of a journaled write
        super(openWithoutBackgroundWrites(dir.resolve(FILE_NAME)));
    }

    private static MVStore openWithoutBackgroundWrites(Path file) {
        MVStore store = new MVStore.Builder().fileName(file.toAbsolutePath().toString()).autoCommitDisabled().autoCommitBufferSize(0).open();
        // every commit is synced before it is acknowledged, so a chunk without live data may be reused at once (H2 keeps
        // them 45 s by default, for file systems that flush late); with a commit per batch the file would grow meanwhile
        store.setRetentionTime(0);
        return store;
    }

    /**
     * A ping fails once H2 has closed the store after an error (every other request already does): health checks ping,
     * and a store that answers nothing else must not look reachable. MongoDB stops its server on a storage error;
     * here the stack goes on running, so its health says what happened and that a restart recovers (the file holds
     * every journaled write).
     */
    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        if (command.equalsIgnoreCase("ping") && getMvStore().isClosed()) {
            MVStoreException cause = getMvStore().getPanicException();
            throw new MongoServerError(INTERNAL_ERROR, "InternalError", "the store's file was closed"
                    + (cause == null ? "" : " after an error (" + cause.getMessage() + ")")
                    + "; restart the stack: the file holds every journaled write");
        }
        return super.handleCommand(channel, databaseName, command, query);
    }

    private static final int INTERNAL_ERROR = 1;

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new Database(databaseName);
    }

    /** Inner, so that the store is at hand while the superclass constructor already opens the indexes. */
    private final class Database extends H2Database {
        Database(String name) {
            super(name, getMvStore(), getCursorRegistry());
        }

        @Override
        protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
            String namespace = getFullCollectionNamespace(collectionName);
            MVMap<String, Object> meta = CollectionMaps.openMeta(getMvStore(), namespace);
            MVMap<Object, Document> documents = CollectionMaps.openDocuments(getMvStore(), namespace, meta);
            return new FileStoreCollection(this, collectionName, options, documents, meta, cursorRegistry);
        }

        @Override
        protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
            String namespace = getFullCollectionNamespace(collectionName);
            MVMap<KeyValue, Object> map = CollectionMaps.openUniqueIndex(getMvStore(), namespace, indexName,
                    CollectionMaps.openMeta(getMvStore(), namespace));
            return new ComparableKeyUniqueIndex(map, indexName, keys, sparse);
        }

        @Override
        public Document handleCommand(Channel channel, String command, Document query, DatabaseResolver databaseResolver, Oplog oplog) {
            if (command.equalsIgnoreCase("aggregate") && query.get(command) instanceof String collectionName) {
                Optional<Document> countFilter = IndexedCount.filterOf(query);
                if (countFilter.isPresent()) {
                    return IndexedCount.answer(getFullCollectionNamespace(collectionName), resolveCollection(collectionName, false), countFilter.get());
                }
            }
            Document answer = super.handleCommand(channel, command, query, databaseResolver, oplog);
            if (JournaledWrites.asksForDurability(command, query)) {
                JournaledWrites.makeDurable(getMvStore());
            }
            return answer;
        }

        @Override
        protected Index<Object> openOrCreateSecondaryIndex(String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
            return new LeadingFieldIndex(indexName, keys);
        }
    }
}
