package dev.switchboard.embedded.store;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.DuplicateKeyError;
import org.h2.mvstore.MVMap;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A unique index kept in an H2 map whose keys compare with {@link IndexKeyType}.
 * <p>
 * An index on one top-level field ({@code _id} among them) takes a document's key straight from that field when it
 * holds a plain value; the server's general path, which handles dotted paths, arrays and absent fields, splits the
 * field's path with a regular expression and collects streams three times per insert (once in the collection's check,
 * twice in {@code add}), which took a quarter of the store's time in a profiled rebuild. A document without the field
 * has no entry in a sparse index, as on the general path. Every other document takes the general path, so both give
 * the same keys.
 */
final class ComparableKeyUniqueIndex extends AbstractUniqueIndex<Object> {
    private final MVMap<KeyValue, Object> positions;
    /** The indexed field when the index has one top-level field, else null. */
    private final String plainField;

    ComparableKeyUniqueIndex(MVMap<KeyValue, Object> positions, String name, List<IndexKey> keys, boolean sparse) {
        super(name, keys, sparse);
        this.positions = positions;
        this.plainField = keys.size() == 1 && !keys.get(0).getKey().contains(".") ? keys.get(0).getKey() : null;
    }

    /**
     * Also takes a query that holds the indexed fields beside other conditions, such as the projector's fenced writes
     * ({@code {_id: x, writerEpoch: {$not: {$gt: e}}}}): the index narrows the candidates by those fields and the
     * collection matches each candidate against the whole query, as MongoDB uses its {@code _id} index for it. The
     * server takes only queries on exactly the index's fields, and scanned the whole collection for every such write.
     */
    @Override
    public synchronized boolean canHandle(Document query) {
        return super.canHandle(onIndexedFields(query));
    }

    @Override
    public synchronized Iterable<Object> getPositions(Document query) {
        return super.getPositions(onIndexedFields(query));
    }

    /** The query's conditions on the indexed fields, when it has one on each of them and others too; else the query. */
    private Document onIndexedFields(Document query) {
        if (query.keySet().equals(keySet()) || !query.keySet().containsAll(keySet())) {
            return query;
        }
        Document narrowed = new Document();
        keys().forEach(key -> narrowed.put(key, query.get(key)));
        return narrowed;
    }

    /** The document's key when it is one plain value of the indexed top-level field, else null (take the general path). */
    private KeyValue plainKey(Document document) {
        if (plainField == null) {
            return null;
        }
        Object value = document.get(plainField);
        if (value == null || value instanceof Missing || value instanceof Collection<?> || value instanceof Document) {
            return null;
        }
        return new KeyValue(value).normalized();
    }

    /** Whether the document has no entry in this index: a sparse index on a top-level field the document lacks. */
    private boolean absentFromSparse(Document document) {
        return plainField != null && isSparse() && !document.containsKey(plainField);
    }

    @Override
    public synchronized void checkAdd(Document document, MongoCollection<Object> collection) {
        if (absentFromSparse(document)) {
            return;
        }
        KeyValue key = plainKey(document);
        if (key == null) {
            super.checkAdd(document, collection);
        } else if (positions.containsKey(key)) {
            throw new DuplicateKeyError(this, collection, getKeys(), key);
        }
    }

    /**
     * Adds without checking again: the collection checks every index before it adds to any, under its lock, so a
     * second lookup would find nothing new; a key that is there anyway is refused as a duplicate, as the check would.
     */
    @Override
    public synchronized void add(Document document, Object position, MongoCollection<Object> collection) {
        if (absentFromSparse(document)) {
            return;
        }
        KeyValue key = plainKey(document);
        if (key == null) {
            super.add(document, position, collection);
        } else if (!putKeyPosition(key, position)) {
            throw new DuplicateKeyError(this, collection, getKeys(), key);
        }
    }

    @Override
    public synchronized void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<Object> collection) {
        if (!sameKey(oldDocument, newDocument)) {
            super.checkUpdate(oldDocument, newDocument, collection);
        }
    }

    @Override
    public void updateInPlace(Document oldDocument, Document newDocument, Object position, MongoCollection<Object> collection) {
        if (!sameKey(oldDocument, newDocument)) {
            super.updateInPlace(oldDocument, newDocument, position, collection);
        }
    }

    /** Whether both documents have the same plain key or neither has an entry (an update that leaves the indexed field as it was). */
    private boolean sameKey(Document oldDocument, Document newDocument) {
        if (absentFromSparse(oldDocument) && absentFromSparse(newDocument)) {
            return true;
        }
        KeyValue before = plainKey(oldDocument);
        return before != null && before.equals(plainKey(newDocument));
    }

    @Override
    protected Object removeDocument(KeyValue key) {
        return positions.remove(key);
    }

    @Override
    protected boolean putKeyPosition(KeyValue key, Object position) {
        return positions.putIfAbsent(key, Missing.ofNullable(position)) == null;
    }

    @Override
    protected Iterable<Map.Entry<KeyValue, Object>> getIterable() {
        return positions.entrySet();
    }

    @Override
    protected Object getPosition(KeyValue key) {
        return positions.get(key);
    }

    @Override
    public long getCount() {
        return positions.sizeAsLong();
    }

    @Override
    public boolean isEmpty() {
        return positions.isEmpty();
    }

    @Override
    public long getDataSize() {
        return getCount();
    }
}
