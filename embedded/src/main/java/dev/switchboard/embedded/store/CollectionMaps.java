package dev.switchboard.embedded.store;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.ObjectDataType;

/**
 * Opens a collection's H2 maps under the stock backend's names: its documents, its metadata and its unique indexes.
 * A map created by this build writes its values as BSON ({@link BsonObjectType}), and the collection's metadata says
 * so; a map written by an earlier build (no such entry) keeps H2's own format, so old files read as before, and a
 * collection dropped and written again gets the new format.
 */
final class CollectionMaps {
    /** The stock H2 backend's map name prefixes: {@code H2Backend} finds the databases by them and drops by them. */
    private static final String DOCUMENTS_PREFIX = "databases.";
    private static final String META_PREFIX = "meta.";

    static final String DOCUMENTS_FORMAT_KEY = "switchboard.format.documents";
    static final String INDEX_FORMAT_KEY_PREFIX = "switchboard.format.index.";
    static final String BSON_FORMAT = "bson";

    private CollectionMaps() {
    }

    static MVMap<String, Object> openMeta(MVStore store, String namespace) {
        return store.openMap(META_PREFIX + namespace);
    }

    static MVMap<Object, Document> openDocuments(MVStore store, String namespace, MVMap<String, Object> meta) {
        String name = DOCUMENTS_PREFIX + namespace;
        if (writesBson(store, name, meta, DOCUMENTS_FORMAT_KEY)) {
            return store.openMap(name, new MVMap.Builder<Object, Document>().keyType(new BsonObjectType()).valueType(new BsonObjectType()));
        }
        return store.openMap(name);
    }

    /** Keys are compared by {@link IndexKeyType} whatever the format, as this backend always did. */
    static MVMap<KeyValue, Object> openUniqueIndex(MVStore store, String namespace, String indexName, MVMap<String, Object> meta) {
        String name = namespace + "._index_" + indexName;
        boolean bson = writesBson(store, name, meta, INDEX_FORMAT_KEY_PREFIX + indexName);
        return store.openMap(name, new MVMap.Builder<KeyValue, Object>().keyType(new IndexKeyType(bson))
                .valueType(bson ? new BsonObjectType() : new ObjectDataType()));
    }

    /** A new map writes BSON, and is marked so in the same (atomic) commit; an existing one as its mark says. */
    private static boolean writesBson(MVStore store, String mapName, MVMap<String, Object> meta, String formatKey) {
        if (!store.hasMap(mapName)) {
            meta.put(formatKey, BSON_FORMAT);
            return true;
        }
        Object format = meta.get(formatKey);
        if (format == null) {
            return false; // written by an earlier build
        }
        if (!BSON_FORMAT.equals(format)) {
            throw new IllegalStateException("The store's map " + mapName + " is written as '" + format + "', which this build "
                    + "cannot read (written by a newer build?). Move the store file away and rebuild the read models from the log.");
        }
        return true;
    }
}
