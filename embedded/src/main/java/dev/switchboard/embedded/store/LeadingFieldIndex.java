package dev.switchboard.embedded.store;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A non-unique index for mongo-java-server, which otherwise ignores them and scans the whole collection for
 * every query. It keeps, in memory, the positions of the documents by the value of the index's leading field
 * (each element, for an array), and is rebuilt from the documents when the store opens. A query that asks that
 * field for a plain string, ObjectId or boolean (at top level or inside {@code $and}) reads only those
 * positions; the server still matches, sorts and limits them against the whole query, so the index only
 * narrows the candidates. Any other query scans, as before.
 */
final class LeadingFieldIndex extends Index<Object> {
    private final String field;
    private final Map<Object, Set<Object>> positionsByValue = new HashMap<>();
    private long entries;

    LeadingFieldIndex(String name, List<IndexKey> keys) {
        // "sparse" tells the server that documents may be absent from this index, so removal takes the position from _id
        super(name, keys, true);
        this.field = keys.get(0).getKey();
    }

    @Override
    public synchronized boolean canHandle(Document query) {
        return !field.contains(".") && queriedValue(query).isPresent();
    }

    @Override
    public synchronized Iterable<Object> getPositions(Document query) {
        Object value = queriedValue(query).orElseThrow();
        return new ArrayList<>(positionsByValue.getOrDefault(value, Set.of()));
    }

    private Optional<Object> queriedValue(Document query) {
        Object direct = query.get(field);
        if (isIndexable(direct)) {
            return Optional.of(direct);
        }
        if (query.get("$and") instanceof Collection<?> conditions) {
            for (Object condition : conditions) {
                if (condition instanceof Document document && isIndexable(document.get(field))) {
                    return Optional.of(document.get(field));
                }
            }
        }
        return Optional.empty();
    }

    /** Types whose equality in a query is plain Java equality; everything else (numbers, dates, null, ...) scans. */
    private static boolean isIndexable(Object value) {
        return value instanceof String || value instanceof ObjectId || value instanceof Boolean;
    }

    private Set<Object> valuesOf(Document document) {
        if (field.contains(".")) {
            return Set.of();
        }
        Object value = document.get(field);
        Set<Object> values = new LinkedHashSet<>();
        if (value instanceof Collection<?> elements) {
            elements.stream().filter(LeadingFieldIndex::isIndexable).forEach(values::add);
        } else if (isIndexable(value)) {
            values.add(value);
        }
        return values;
    }

    @Override
    public synchronized void add(Document document, Object position, MongoCollection<Object> collection) {
        for (Object value : valuesOf(document)) {
            if (positionsByValue.computeIfAbsent(value, v -> new LinkedHashSet<>()).add(position)) {
                entries++;
            }
        }
    }

    /** Always null: the server takes the removed document's position from the {@code _id} index. */
    @Override
    public synchronized Object remove(Document document) {
        // on this backend a document's position is its _id
        unindex(valuesOf(document), document.get("_id"));
        return null;
    }

    private void unindex(Set<Object> values, Object position) {
        for (Object value : values) {
            Set<Object> positions = positionsByValue.get(value);
            if (positions != null && positions.remove(position)) {
                entries--;
                if (positions.isEmpty()) {
                    positionsByValue.remove(value);
                }
            }
        }
    }

    @Override
    public synchronized void updateInPlace(Document oldDocument, Document newDocument, Object position, MongoCollection<Object> collection) {
        Set<Object> before = valuesOf(oldDocument);
        Set<Object> after = valuesOf(newDocument);
        if (before.equals(after)) {
            return;
        }
        unindex(before, position);
        add(newDocument, position, collection);
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
        return entries;
    }

    @Override
    public synchronized long getDataSize() {
        return entries;
    }

    @Override
    public synchronized void drop() {
        positionsByValue.clear();
        entries = 0;
    }
}
