package dev.switchboard.embedded.store;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import java.nio.file.Path;
import java.util.List;

/**
 * mongo-java-server's H2 file backend with one change: unique indexes ({@code _id} among them) keep their keys in
 * maps typed with {@link IndexKeyType}, so looking a key up no longer serializes objects. The file layout is
 * H2's, but the keys' order in those maps differs from the stock backend's, so files of the two are not
 * interchangeable (hence a file name of its own).
 */
public final class FileStoreBackend extends H2Backend {
    public static final String FILE_NAME = "switchboard-store.mv";

    public FileStoreBackend(Path dir) {
        super(MVStore.open(dir.resolve(FILE_NAME).toAbsolutePath().toString()));
    }

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
        protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
            MVMap<KeyValue, Object> map = getMvStore().openMap(getFullCollectionNamespace(collectionName) + "._index_" + indexName,
                    new MVMap.Builder<KeyValue, Object>().keyType(new IndexKeyType()));
            return new ComparableKeyUniqueIndex(map, indexName, keys, sparse);
        }
    }
}
