package dev.switchboard.embedded.store;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IndexKeyTypeTest {
    private final IndexKeyType type = new IndexKeyType();

    @Test
    void ordersKeysValueByValueWithoutSerializing() {
        assertTrue(type.compare(new KeyValue("a", 1), new KeyValue("a", 2)) < 0);
        assertTrue(type.compare(new KeyValue("b"), new KeyValue("a", 2)) > 0);
        assertTrue(type.compare(new KeyValue("a"), new KeyValue("a", 1)) < 0);
        assertEquals(0, type.compare(new KeyValue("x", 3), new KeyValue("x", 3)));
    }

    @Test
    void isAConsistentTotalOrderOverMixedValues() {
        List<KeyValue> keys = new ArrayList<>();
        for (Object value : List.of(1, 2.5, 3L, "a", "b", new ObjectId(), new ObjectId(), Missing.getInstance(), true)) {
            keys.add(new KeyValue(value));
        }
        for (KeyValue a : keys) {
            for (KeyValue b : keys) {
                assertEquals(Integer.signum(type.compare(a, b)), -Integer.signum(type.compare(b, a)), a + " vs " + b);
                for (KeyValue c : keys) {
                    if (type.compare(a, b) < 0 && type.compare(b, c) < 0) {
                        assertTrue(type.compare(a, c) < 0, a + " < " + b + " < " + c);
                    }
                }
            }
        }
    }

    /** A key whose one value is an array (KeyValue's collection constructor would spread it into several values). */
    private static KeyValue arrayKey(Object... elements) {
        return new KeyValue(new Object[]{List.of(elements)});
    }

    @Test
    void keysHoldingDistinctArraysOrDocumentsAreNotEqual() {
        assertTrue(type.compare(arrayKey(1, 2), arrayKey(1, 3)) < 0, "MongoDB's own comparison would call these equal");
        assertEquals(0, type.compare(arrayKey(1, 2), arrayKey(1, 2)));
        assertTrue(type.compare(new KeyValue(new Document("a", 1)), new KeyValue(new Document("a", 2))) < 0);
        assertTrue(type.compare(new KeyValue("scalar"), arrayKey("scalar")) < 0);
        assertTrue(type.compare(new KeyValue(new Document("a", 1)), arrayKey(1)) < 0);
    }

    @Test
    void ordersStringsAndObjectIdsExactlyAsTheServersComparatorDoes() {
        // files written before the fast path hold their keys in this order: it must not change
        List<Object> values = List.of("", "a", "B", "ab", "é", "\uD83D\uDE00", "\uFFFF", "user\nchat\n1", "user\nchat\n2",
                new ObjectId(), new ObjectId(), new ObjectId("000000000000000000000000"), new ObjectId("ffffffffffffffffffffffff"));
        for (Object a : values) {
            for (Object b : values) {
                assertEquals(Integer.signum(ValueComparator.asc().compare(a, b)),
                        Integer.signum(type.compare(new KeyValue(a), new KeyValue(b))), a + " vs " + b);
            }
        }
    }

    @Test
    void leavesOtherValuesToH2() {
        assertTrue(type.compare("a", "b") < 0);
        assertTrue(type.compare(2L, 1L) > 0);
    }
}
