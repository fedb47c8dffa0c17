package dev.switchboard.embedded.store;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * H2's collection, with two changes:
 * <ul>
 *   <li>{@code distinct} over the whole collection is answered from a {@link LeadingFieldIndex} of the field when that
 *       index knows every value there (as MongoDB answers it from an index), instead of a scan;</li>
 *   <li>the data size ({@code collStats}) is kept with {@link BsonEncoding#sizeOf} instead of the server's own size
 *       check, which encodes every inserted document, and both versions of every updated one, into a new buffer. Same
 *       sizes, same points: after an insert, an update that changed the document, and a removal;</li>
 *   <li>a {@link LeadingFieldIndex} added while another one leads with the same field shares that one's positions
 *       ({@link FieldPositions}) instead of keeping, and building, a copy of its own.</li>
 * </ul>
 */
final class FileStoreCollection extends H2Collection {
    FileStoreCollection(MongoDatabase database, String collectionName, CollectionOptions options,
                        MVMap<Object, Document> documents, MVMap<String, Object> meta, CursorRegistry cursorRegistry) {
        super(database, collectionName, options, documents, meta, cursorRegistry);
    }

    @Override
    public synchronized Document handleDistinct(Document query) {
        if (query.get("key") instanceof String key && isEmpty(query.get("query"))) {
            for (Index<Object> index : getIndexes()) {
                Optional<Set<Object>> values = index instanceof LeadingFieldIndex leading && leading.field().equals(key)
                        ? leading.distinctValues() : Optional.empty();
                if (values.isPresent()) {
                    return new Document("values", values.get()).append("ok", 1.0);
                }
            }
        }
        return super.handleDistinct(query);
    }

    @Override
    public synchronized void addIndex(Index<Object> index) {
        List<Index<Object>> present = getIndexes();
        if (!(index instanceof LeadingFieldIndex added) || present.stream().anyMatch(i -> i.getName().equals(index.getName()))) {
            super.addIndex(index); // a second createIndex of an index in place: the server keeps the one it has
            return;
        }
        present.stream()
                .filter(i -> i instanceof LeadingFieldIndex leading && leading.field().equals(added.field()))
                .findFirst()
                .ifPresent(leading -> added.shareWith((LeadingFieldIndex) leading));
        try {
            super.addIndex(index);
        } catch (RuntimeException notAdded) {
            added.drop(); // leaves the shared positions, which the indexes in place go on writing
            throw notAdded;
        }
    }

    /**
     * Under the collection's lock, as every write is: indexes sharing positions hand the writing over when one is
     * dropped, and a write told to one index before the drop and to the next after it would be applied twice.
     */
    @Override
    public synchronized void dropIndex(String indexName) {
        super.dropIndex(indexName);
    }

    private static boolean isEmpty(Object filter) {
        return filter == null || filter instanceof Document document && document.isEmpty();
    }

    /** The server's own accounting is off; the methods below keep the same count. */
    @Override
    protected boolean tracksDataSize() {
        return false;
    }

    @Override
    protected Object addDocumentInternal(Document document) {
        Object position = super.addDocumentInternal(document);
        updateDataSize(BsonEncoding.sizeOf(document));
        return position;
    }

    @Override
    protected void handleUpdate(Object position, Document oldDocument, Document newDocument) {
        super.handleUpdate(position, oldDocument, newDocument);
        updateDataSize(BsonEncoding.sizeOf(newDocument) - BsonEncoding.sizeOf(oldDocument));
    }

    @Override
    protected void removeDocument(Object position) {
        Document removed = getDocument(position);
        super.removeDocument(position);
        updateDataSize(-BsonEncoding.sizeOf(removed));
    }
}
