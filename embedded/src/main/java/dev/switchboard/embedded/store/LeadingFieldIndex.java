package dev.switchboard.embedded.store;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.ValueComparator;
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
import java.util.TreeSet;

/**
 * A non-unique index for mongo-java-server, which otherwise ignores them and scans the whole collection for
 * every query. It keeps, in memory, the positions of the documents by the value of the index's leading field
 * (each element, for an array; a dotted field is followed through subdocuments and arrays of them), and is rebuilt
 * from the documents when the store opens. A query that asks that field for a plain string, ObjectId or boolean, or
 * for {@code $in} of such (at top level or inside {@code $and}), reads only those positions; the server still
 * matches, sorts and limits them against the whole query, so the index only narrows the candidates. Any other query
 * scans, as before. It also answers {@code distinct} of its field over the whole collection, as MongoDB does from an
 * index, while every value of the field in every document is such a plain value ({@link #distinctValues}).
 */
final class LeadingFieldIndex extends Index<Object> {
    private final String field;
    private final List<String> path;
    private final Map<Object, Set<Object>> positionsByValue = new HashMap<>();
    private long entries;
    /** Documents holding a value of the field the index does not keep (a number, null, a subdocument, ...). */
    private long documentsWithOtherValues;
    private boolean dropped;

    LeadingFieldIndex(String name, List<IndexKey> keys) {
        // "sparse" tells the server that documents may be absent from this index, so removal takes the position from _id
        super(name, keys, true);
        this.field = keys.get(0).getKey();
        List<String> segments = List.of(field.split("\\.", -1));
        // a numeric segment may name an array's element: such fields are left to the server
        this.path = segments.stream().allMatch(LeadingFieldIndex::isFieldName) ? segments : List.of();
    }

    private static boolean isFieldName(String segment) {
        return !segment.isEmpty() && !segment.chars().allMatch(Character::isDigit);
    }

    String field() {
        return field;
    }

    @Override
    public synchronized boolean canHandle(Document query) {
        return !path.isEmpty() && queriedValues(query).isPresent();
    }

    @Override
    public synchronized Iterable<Object> getPositions(Document query) {
        Set<Object> positions = new LinkedHashSet<>();
        for (Object value : queriedValues(query).orElseThrow()) {
            positions.addAll(positionsByValue.getOrDefault(value, Set.of()));
        }
        return new ArrayList<>(positions);
    }

    /**
     * Every value of the field in the collection, if the index knows them all: the field is followed through
     * subdocuments and arrays of them, and each value found is a plain value, an array of them, or absent. Empty when
     * some document holds anything else there; the server then finds the values itself. In the server's own order.
     */
    synchronized Optional<Set<Object>> distinctValues() {
        if (path.isEmpty() || dropped || documentsWithOtherValues > 0) {
            return Optional.empty();
        }
        Set<Object> sorted = new TreeSet<>(ValueComparator.ascWithoutListHandling());
        sorted.addAll(positionsByValue.keySet());
        return Optional.of(sorted);
    }

    private Optional<List<Object>> queriedValues(Document query) {
        Optional<List<Object>> direct = valuesAsked(query.get(field));
        if (direct.isPresent()) {
            return direct;
        }
        if (query.get("$and") instanceof Collection<?> conditions) {
            for (Object condition : conditions) {
                if (condition instanceof Document document) {
                    Optional<List<Object>> asked = valuesAsked(document.get(field));
                    if (asked.isPresent()) {
                        return asked;
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** A plain value, or {@code {$in: [plain values]}} (with or without other operators, which only narrow further). */
    private static Optional<List<Object>> valuesAsked(Object condition) {
        if (isIndexable(condition)) {
            return Optional.of(List.of(condition));
        }
        if (condition instanceof Document operators && operators.get("$in") instanceof Collection<?> values
                && values.stream().allMatch(LeadingFieldIndex::isIndexable)) {
            return Optional.of(List.copyOf(values));
        }
        return Optional.empty();
    }

    /** Types whose equality in a query is plain Java equality; everything else (numbers, dates, null, ...) scans. */
    private static boolean isIndexable(Object value) {
        return value instanceof String || value instanceof ObjectId || value instanceof Boolean;
    }

    /** The document's values of the field, and whether they are all values the index keeps. */
    private record Values(Set<Object> plain, boolean onlyPlain) {
    }

    private Values valuesOf(Document document) {
        Set<Object> values = new LinkedHashSet<>();
        boolean[] onlyPlain = {true};
        if (!path.isEmpty() && document.containsKey(path.get(0))) {
            collect(document.get(path.get(0)), 1, false, values, onlyPlain);
        }
        return new Values(values, onlyPlain[0]);
    }

    private void collect(Object value, int depth, boolean arrayElement, Set<Object> values, boolean[] onlyPlain) {
        if (value instanceof Collection<?> elements) {
            // MongoDB looks into an array but not into an array inside it: a nested one's values are only candidates
            if (arrayElement) {
                onlyPlain[0] = false;
            }
            elements.forEach(element -> collect(element, depth, true, values, onlyPlain));
        } else if (depth == path.size()) {
            if (isIndexable(value)) {
                values.add(value);
            } else {
                onlyPlain[0] = false;
            }
        } else if (value instanceof Document subdocument && subdocument.containsKey(path.get(depth))) {
            collect(subdocument.get(path.get(depth)), depth + 1, false, values, onlyPlain);
        }
        // else the path runs through a plain value or a subdocument without the next field: no value there
    }

    @Override
    public synchronized void add(Document document, Object position, MongoCollection<Object> collection) {
        index(valuesOf(document), position);
    }

    private void index(Values values, Object position) {
        for (Object value : values.plain()) {
            if (positionsByValue.computeIfAbsent(value, v -> new LinkedHashSet<>()).add(position)) {
                entries++;
            }
        }
        if (!values.onlyPlain()) {
            documentsWithOtherValues++;
        }
    }

    /** Always null: the server takes the removed document's position from the {@code _id} index. */
    @Override
    public synchronized Object remove(Document document) {
        // on this backend a document's position is its _id
        unindex(valuesOf(document), document.get("_id"));
        return null;
    }

    private void unindex(Values values, Object position) {
        for (Object value : values.plain()) {
            Set<Object> positions = positionsByValue.get(value);
            if (positions != null && positions.remove(position)) {
                entries--;
                if (positions.isEmpty()) {
                    positionsByValue.remove(value);
                }
            }
        }
        if (!values.onlyPlain()) {
            documentsWithOtherValues--;
        }
    }

    @Override
    public synchronized void updateInPlace(Document oldDocument, Document newDocument, Object position, MongoCollection<Object> collection) {
        Values before = valuesOf(oldDocument);
        Values after = valuesOf(newDocument);
        if (before.equals(after)) {
            return;
        }
        unindex(before, position);
        index(after, position);
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
        documentsWithOtherValues = 0;
        dropped = true;
    }
}
