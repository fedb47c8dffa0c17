package dev.switchboard.embedded.store;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The key type of the store's unique-index maps: written as {@link BsonObjectType} writes them (as H2 wrote them, in
 * a map of an earlier build), but comparing {@link KeyValue}s value by value in MongoDB's order. H2 compares objects
 * that are not {@link Comparable} by serializing both with Java serialization on every comparison of a B-tree search,
 * which profiling showed to be the largest single cost of every insert and update by {@code _id}.
 */
final class IndexKeyType extends BsonObjectType {
    private static final ValueComparator VALUES = ValueComparator.asc();

    IndexKeyType() {
        this(true);
    }

    /** @param bson false for a map written by an earlier build */
    IndexKeyType(boolean bson) {
        super(bson);
    }

    @Override
    public int compare(Object a, Object b) {
        if (a instanceof KeyValue left && b instanceof KeyValue right) {
            return compareKeys(left, right);
        }
        return super.compare(a, b);
    }

    static int compareKeys(KeyValue left, KeyValue right) {
        return compareSequences(left.size(), left::get, right.size(), right::get);
    }

    /**
     * A total order: arrays element by element, documents field by field (name, then value), anything else as MongoDB
     * orders values. (MongoDB's own comparison orders an array by its least element, which would make distinct
     * array keys equal.)
     */
    private static int compareValues(Object a, Object b) {
        // the keys' usual types first, ordered exactly as ValueComparator orders them: its type ranking is a linear
        // search through a list of classes on every call, the largest cost of an insert after the B-tree itself
        if (a instanceof String left && b instanceof String right) {
            return left.compareTo(right);
        }
        if (a instanceof ObjectId left && b instanceof ObjectId right) {
            return left.compareTo(right);
        }
        if (a instanceof List<?> left && b instanceof List<?> right) {
            return compareLists(left, right);
        }
        if (a instanceof Document left && b instanceof Document right) {
            List<Object> leftFields = new ArrayList<>();
            left.forEach((name, value) -> { leftFields.add(name); leftFields.add(value); });
            List<Object> rightFields = new ArrayList<>();
            right.forEach((name, value) -> { rightFields.add(name); rightFields.add(value); });
            return compareLists(leftFields, rightFields);
        }
        if (a instanceof List<?> || a instanceof Document || b instanceof List<?> || b instanceof Document) {
            return Integer.compare(typeRank(a), typeRank(b));
        }
        return VALUES.compare(a, b);
    }

    /** Scalars, then documents, then arrays: any fixed order will do for an index's keys. */
    private static int typeRank(Object value) {
        return value instanceof List<?> ? 2 : value instanceof Document ? 1 : 0;
    }

    private static int compareLists(List<?> left, List<?> right) {
        return compareSequences(left.size(), left::get, right.size(), right::get);
    }

    /** Element by element, then the shorter first. */
    private static int compareSequences(int leftSize, IntFunction<?> left, int rightSize, IntFunction<?> right) {
        int shared = Math.min(leftSize, rightSize);
        for (int i = 0; i < shared; i++) {
            int order = compareValues(left.apply(i), right.apply(i));
            if (order != 0) {
                return order;
            }
        }
        return Integer.compare(leftSize, rightSize);
    }
}
