package dev.switchboard.embedded.store;

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
 * The positions of a collection's documents by the value of one field, kept in memory for every
 * {@link LeadingFieldIndex} of that collection that leads with the field. A collection often has several such indexes
 * ({@code user_1_isRead_1} and {@code user_1_delivered_1_createdAt_1} both lead with {@code user}); they would hold the
 * same positions, so they share one copy, and only the first of them still in place writes to it. That keeps the
 * stack's heap, the collector's work on it and the index builds at start to one copy per field instead of one per index.
 * <p>
 * Callers hold the collection's lock (mongo-java-server synchronizes every collection operation); the methods are
 * synchronized as well, since the indexes sharing a copy are separate objects.
 */
final class FieldPositions {
    private final String field;
    private final List<String> path;
    private final Map<Object, Set<Object>> positionsByValue = new HashMap<>();
    /** The indexes that read this copy, in the order they were added; the first writes it. */
    private final List<LeadingFieldIndex> sharers = new ArrayList<>();
    private long entries;
    /** Documents holding a value of the field the index does not keep (a number, null, a subdocument, ...). */
    private long documentsWithOtherValues;

    FieldPositions(String field) {
        this.field = field;
        List<String> segments = List.of(field.split("\\.", -1));
        // a numeric segment may name an array's element: such fields are left to the server
        this.path = segments.stream().allMatch(FieldPositions::isFieldName) ? segments : List.of();
    }

    private static boolean isFieldName(String segment) {
        return !segment.isEmpty() && !segment.chars().allMatch(Character::isDigit);
    }

    String field() {
        return field;
    }

    synchronized void join(LeadingFieldIndex index) {
        sharers.add(index);
    }

    /** The index no longer reads this copy; the next one writes it, and the last one to leave empties it. */
    synchronized void leave(LeadingFieldIndex index) {
        sharers.remove(index);
        if (sharers.isEmpty()) {
            positionsByValue.clear();
            entries = 0;
            documentsWithOtherValues = 0;
        }
    }

    /** Every index of the copy is told of every change; only the first one still in place applies it. */
    private boolean writes(LeadingFieldIndex index) {
        return !sharers.isEmpty() && sharers.get(0) == index;
    }

    synchronized boolean canHandle(Document query) {
        return !path.isEmpty() && queriedValues(query).isPresent();
    }

    synchronized List<Object> positions(Document query) {
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
        if (path.isEmpty() || documentsWithOtherValues > 0) {
            return Optional.empty();
        }
        Set<Object> sorted = new TreeSet<>(ValueComparator.ascWithoutListHandling());
        sorted.addAll(positionsByValue.keySet());
        return Optional.of(sorted);
    }

    synchronized long entries() {
        return entries;
    }

    synchronized void add(LeadingFieldIndex index, Document document, Object position) {
        if (writes(index)) {
            index(valuesOf(document), position);
        }
    }

    synchronized void remove(LeadingFieldIndex index, Document document, Object position) {
        if (writes(index)) {
            unindex(valuesOf(document), position);
        }
    }

    synchronized void update(LeadingFieldIndex index, Document oldDocument, Document newDocument, Object position) {
        if (!writes(index)) {
            return;
        }
        Values before = valuesOf(oldDocument);
        Values after = valuesOf(newDocument);
        if (before.equals(after)) {
            return;
        }
        unindex(before, position);
        index(after, position);
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
                && values.stream().allMatch(FieldPositions::isIndexable)) {
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
}
