package dev.switchboard.embedded.store;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.ValueComparator;
import org.h2.mvstore.type.ObjectDataType;

/**
 * The key type of the store's unique-index maps: H2's own object type (so keys are written to the file as before),
 * but comparing {@link KeyValue}s value by value in MongoDB's order. H2 compares objects that are not
 * {@link Comparable} by serializing both with Java serialization on every comparison of a B-tree search, which
 * profiling showed to be the largest single cost of every insert and update by {@code _id}.
 */
final class IndexKeyType extends ObjectDataType {
    private static final ValueComparator VALUES = ValueComparator.asc();

    @Override
    public int compare(Object a, Object b) {
        if (a instanceof KeyValue left && b instanceof KeyValue right) {
            return compareKeys(left, right);
        }
        return super.compare(a, b);
    }

    static int compareKeys(KeyValue left, KeyValue right) {
        int shared = Math.min(left.size(), right.size());
        for (int i = 0; i < shared; i++) {
            int order = VALUES.compare(left.get(i), right.get(i));
            if (order != 0) {
                return order;
            }
        }
        return Integer.compare(left.size(), right.size());
    }
}
