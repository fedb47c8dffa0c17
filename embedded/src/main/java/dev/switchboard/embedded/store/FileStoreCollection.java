package dev.switchboard.embedded.store;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.ArrayFilters;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import de.bwaldvogel.mongo.oplog.Oplog;
import org.h2.mvstore.MVMap;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * H2's collection, with these changes:
 * <ul>
 *   <li>{@code distinct} over the whole collection is answered from a {@link LeadingFieldIndex} of the field when that
 *       index knows every value there (as MongoDB answers it from an index), instead of a scan;</li>
 *   <li>the data size ({@code collStats}) is kept with {@link BsonEncoding#sizeOf} instead of the server's own size
 *       check, which encodes every inserted document, and both versions of every updated one, into a new buffer. Same
 *       sizes, same points: after an insert, an update that changed the document, and a removal;</li>
 *   <li>a {@link LeadingFieldIndex} added while another one leads with the same field shares that one's positions
 *       ({@link FieldPositions}) instead of keeping, and building, a copy of its own;</li>
 *   <li>an update of many documents by {@code _id $in} is applied a slice of ids at a time ({@link #updateDocuments}),
 *       so that its cost grows with the number of ids, not with its square;</li>
 *   <li>an update changes a copy of each document it matches, never the one in the map ({@link #queryDocuments}).</li>
 * </ul>
 */
final class FileStoreCollection extends H2Collection {
    /** True while an update or a findAndModify of this collection runs; they run under its lock. */
    private boolean updating;

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

    /** Ids per slice of an update by {@code _id $in}: each slice costs the server slice² comparisons. */
    static final int ID_SLICE = 64;

    /** By slices of ids where it can be ({@link #updateDocumentsBySlices}), on copies ({@link #queryDocuments}). */
    @Override
    public synchronized Document updateDocuments(Document selector, Document update, ArrayFilters arrayFilters,
                                                 boolean isMulti, boolean isUpsert, Oplog oplog) {
        return onCopies(() -> updateDocumentsBySlices(selector, update, arrayFilters, isMulti, isUpsert, oplog));
    }

    /** On copies ({@link #queryDocuments}). */
    @Override
    public synchronized Document findAndModify(Document query) {
        return onCopies(() -> super.findAndModify(query));
    }

    private Document onCopies(Supplier<Document> update) {
        boolean outer = updating;
        updating = true;
        try {
            return update.get();
        } finally {
            updating = outer;
        }
    }

    /**
     * The server updates a document by removing and putting its fields in the very object it found, then puts that
     * object back. H2 expects the values in its maps never to change once put: a journaled write on another
     * connection writes every unsaved page, this collection's too, without this collection's lock, and an object
     * changed under it failed that write and closed the store for good ({@code ConcurrentModificationException},
     * then "This store is closed" to every request), or could write a half-updated document to the file. So an update
     * is given copies. A shallow one is enough: the server builds the new field values from a deep copy of the old
     * document and only replaces the top-level fields of the one it found.
     */
    @Override
    protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit, int batchSize,
                                         Document fieldSelector) {
        QueryResult found = super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
        if (!updating) {
            return found;
        }
        List<Document> copies = new ArrayList<>();
        for (Document document : found) {
            copies.add(document.clone());
        }
        return new QueryResult(copies, found.getCursorId());
    }

    /**
     * The server matches {@code $in} by walking its list, for every candidate and again for every document it updates,
     * so an update of n documents by {@code _id $in} made 2n² comparisons: a join that delivered 10,000 messages held
     * the collection for seconds. A multi-update without upsert whose selector is only {@code _id $in} plain strings or
     * ObjectIds is applied as the server's own updates of {@link #ID_SLICE} distinct ids each, in the server's order, under
     * the collection's lock, so it changes the same documents in the same order and counts them the same (an {@code _id} is never an
     * array, so no document matches two slices); anything else is the server's.
     */
    private Document updateDocumentsBySlices(Document selector, Document update, ArrayFilters arrayFilters,
                                             boolean isMulti, boolean isUpsert, Oplog oplog) {
        List<Object> ids = isMulti && !isUpsert ? plainIdsIn(selector) : null;
        if (ids == null || ids.size() <= ID_SLICE) {
            return super.updateDocuments(selector, update, arrayFilters, isMulti, isUpsert, oplog);
        }
        int matched = 0;
        int modified = 0;
        for (int from = 0; from < ids.size(); from += ID_SLICE) {
            List<Object> slice = ids.subList(from, Math.min(ids.size(), from + ID_SLICE));
            Document sliceSelector = new Document(getIdField(), new Document("$in", new ArrayList<>(slice)));
            Document result = super.updateDocuments(sliceSelector, update, arrayFilters, true, false, oplog);
            matched += ((Number) result.get("n")).intValue();
            modified += ((Number) result.get("nModified")).intValue();
        }
        Document result = new Document();
        result.put("n", matched);
        result.put("nModified", modified);
        return result;
    }

    /**
     * The distinct ids of a selector that is exactly {@code {_id: {$in: [...]}}} of more than {@link #ID_SLICE} strings and
     * ObjectIds; else null (a short list, the usual mark of a batch, is the server's without sorting it first).
     */
    private List<Object> plainIdsIn(Document selector) {
        if (selector.size() != 1 || !(selector.get(getIdField()) instanceof Document condition) || condition.size() != 1
                || !(condition.get("$in") instanceof List<?> values) || values.size() <= ID_SLICE) {
            return null;
        }
        Set<Object> distinct = new TreeSet<>(ValueComparator.asc()); // the order the server's _id index gives an $in
        for (Object value : values) {
            if (!(value instanceof String || value instanceof ObjectId)) {
                return null;
            }
            distinct.add(value);
        }
        return new ArrayList<>(distinct);
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
