package dev.switchboard.embedded.store;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.bson.Document;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A non-unique index for mongo-java-server, which otherwise ignores them and scans the whole collection for
 * every query. It keeps, in memory, the positions of the documents by the value of the index's leading field
 * (each element, for an array; a dotted field is followed through subdocuments and arrays of them), and is rebuilt
 * from the documents when the store opens. A query that asks that field for a plain string, ObjectId or boolean, or
 * for {@code $in} of such (at top level or inside {@code $and}), reads only those positions; the server still
 * matches, sorts and limits them against the whole query, so the index only narrows the candidates. Any other query
 * scans, as before. It also answers {@code distinct} of its field over the whole collection, as MongoDB does from an
 * index, while every value of the field in every document is such a plain value ({@link #distinctValues}).
 * <p>
 * Indexes of one collection that lead with the same field share their positions ({@link FieldPositions},
 * {@link FileStoreCollection#addIndex}).
 */
final class LeadingFieldIndex extends Index<Object> {
    private FieldPositions positions;
    private boolean dropped;

    LeadingFieldIndex(String name, List<IndexKey> keys) {
        // "sparse" tells the server that documents may be absent from this index, so removal takes the position from _id
        super(name, keys, true);
        this.positions = new FieldPositions(keys.get(0).getKey());
        positions.join(this);
    }

    String field() {
        return positions.field();
    }

    /**
     * Reads and writes the positions of {@code other}, an index of the same collection that leads with the same field,
     * instead of its own. Called before the server adds this index to the collection: this index then reports the
     * shared count, so the server does not build it again from the documents when there are any.
     */
    synchronized void shareWith(LeadingFieldIndex other) {
        if (!other.field().equals(field())) {
            throw new IllegalArgumentException("index " + getName() + " leads with " + field() + ", not " + other.field());
        }
        positions.leave(this);
        positions = other.positions;
        positions.join(this);
    }

    @Override
    public synchronized boolean canHandle(Document query) {
        return positions.canHandle(query);
    }

    @Override
    public synchronized Iterable<Object> getPositions(Document query) {
        return positions.positions(query);
    }

    /** See {@link FieldPositions#distinctValues()}; empty once this index is dropped. */
    synchronized Optional<Set<Object>> distinctValues() {
        return dropped ? Optional.empty() : positions.distinctValues();
    }

    @Override
    public synchronized void add(Document document, Object position, MongoCollection<Object> collection) {
        positions.add(this, document, position);
    }

    /** Always null: the server takes the removed document's position from the {@code _id} index. */
    @Override
    public synchronized Object remove(Document document) {
        // on this backend a document's position is its _id
        positions.remove(this, document, document.get("_id"));
        return null;
    }

    @Override
    public synchronized void updateInPlace(Document oldDocument, Document newDocument, Object position, MongoCollection<Object> collection) {
        positions.update(this, oldDocument, newDocument, position);
    }

    @Override
    public Object getPosition(Document document) {
        return null;
    }

    @Override
    public void checkAdd(Document document, MongoCollection<Object> collection) {
    }

    @Override
    public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<Object> collection) {
    }

    @Override
    public synchronized long getCount() {
        return positions.entries();
    }

    @Override
    public synchronized long getDataSize() {
        return positions.entries();
    }

    @Override
    public synchronized void drop() {
        if (!dropped) {
            positions.leave(this);
            dropped = true;
        }
    }
}
