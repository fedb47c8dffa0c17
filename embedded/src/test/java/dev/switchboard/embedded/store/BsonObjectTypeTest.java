package dev.switchboard.embedded.store;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.BsonJavaScript;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.Decimal128;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.LegacyUUID;
import de.bwaldvogel.mongo.bson.MaxKey;
import de.bwaldvogel.mongo.bson.MinKey;
import de.bwaldvogel.mongo.bson.ObjectId;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.Page;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BsonObjectTypeTest {
    private final BsonObjectType type = new BsonObjectType();

    /** Every value type mongo-java-server decodes from the wire, nested in documents and arrays. */
    static Document everyType() {
        Document nested = new Document("s", "inner").append("n", 7).append("list", new ArrayList<>(List.of(1, "two", 3L)));
        List<Object> array = new ArrayList<>();
        array.add("a");
        array.add(1);
        array.add(null);
        array.add(new Document("x", 1.5));
        array.add(new ArrayList<>(List.of(true, false)));
        return new Document("_id", new ObjectId("64b7f0c2a1b2c3d4e5f60718"))
                .append("string", "chat message ✓ with 𝄞 and \u0000 inside")
                .append("emptyString", "")
                .append("int", 42)
                .append("intMin", Integer.MIN_VALUE)
                .append("long", 1L << 40)
                .append("double", 3.25)
                .append("negativeZero", -0.0)
                .append("nan", Double.NaN)
                .append("true", true)
                .append("false", false)
                .append("null", null)
                .append("date", Instant.ofEpochMilli(1_700_000_000_123L))
                .append("beforeEpoch", Instant.ofEpochMilli(-86_400_000L))
                .append("objectId", new ObjectId("5f1e2d3c4b5a697887766554"))
                .append("document", nested)
                .append("emptyDocument", new Document())
                .append("array", array)
                .append("emptyArray", new ArrayList<>())
                .append("binary", new BinData(new byte[] {0, 1, 2, (byte) 255}))
                .append("uuid", UUID.fromString("123e4567-e89b-12d3-a456-426614174000"))
                .append("legacyUuid", new LegacyUUID(UUID.fromString("00112233-4455-6677-8899-aabbccddeeff")))
                .append("decimal", new Decimal128(new BigDecimal("12345.6789")))
                .append("decimalNaN", Decimal128.NaN)
                .append("timestamp", new BsonTimestamp(Instant.ofEpochSecond(1_700_000_000L), 5))
                .append("regex", new BsonRegularExpression("^chat-[0-9]+$", "i"))
                .append("javascript", new BsonJavaScript("function() { return 1; }"))
                .append("maxKey", MaxKey.getInstance())
                .append("minKey", MinKey.getInstance());
    }

    @Test
    void aDocumentWithEveryValueTypeIsWrittenAsBsonAndComesBackEqualInFieldOrder() {
        Document original = everyType();

        ByteBuffer written = write(type, original);
        assertEquals(BsonObjectType.BSON_DOCUMENT, written.get(0));
        Document read = (Document) type.read(written);

        assertEquals(0, written.remaining(), "reads exactly what was written");
        assertSameDocument(original, read);
    }

    @Test
    void bsonIsSmallerThanTheJavaSerializationItReplaces() {
        Document message = new Document("_id", "m-1").append("chatId", "c-1").append("text", "hello")
                .append("createdAt", Instant.ofEpochMilli(1_700_000_000_000L)).append("readBy", new ArrayList<>(List.of("u-1")));
        int bson = write(type, message).remaining();
        int javaSerialized = write(new ObjectDataType(), message).remaining();
        assertTrue(bson * 2 < javaSerialized, bson + " bytes as BSON, " + javaSerialized + " serialized");
    }

    @Test
    void valuesBsonWouldNotGiveBackExactlyAreWrittenTheOldWayAndComeBackEqual() {
        List<Document> inexact = List.of(
                new Document("at", Instant.ofEpochSecond(1_700_000_000L, 123_456_789)), // $currentDate: finer than ms
                new Document("missing", Missing.getInstance()),
                new Document("loneSurrogate", "a\uD800b"),
                new Document("nul\u0000inName", 1),
                new Document("set", new LinkedHashSet<>(List.of("a", "b"))),
                new Document("nested", new Document("float", 1.5f)),
                new Document("inArray", new ArrayList<>(List.of(1, (short) 2))));
        for (Document original : inexact) {
            ByteBuffer written = write(type, original);
            assertEquals(BsonObjectType.H2_OBJECT, written.get(0), original.toString());
            assertSameDocument(original, (Document) type.read(written));
            assertEquals(0, written.remaining());
        }
    }

    @Test
    void indexKeysAndPositionsComeBackEqual() {
        List<Object> values = List.of(
                new KeyValue("chat-1", 3),
                new KeyValue(new ObjectId("64b7f0c2a1b2c3d4e5f60718")),
                new KeyValue(new Document("a", 1), new ArrayList<>(List.of("x"))),
                new KeyValue((Object) null),
                new KeyValue(new Object[] {List.of(1, 2)}), // one value that is an array
                new KeyValue(Missing.getInstance()),
                new ObjectId("5f1e2d3c4b5a697887766554"),
                "string-id", 17, 17L, 2.5, true, Missing.getInstance(), Instant.ofEpochMilli(5));
        for (Object original : values) {
            ByteBuffer written = write(type, original);
            assertSameValue(original, type.read(written), String.valueOf(original));
            assertEquals(0, written.remaining());
        }
        assertEquals(Missing.getInstance(), type.read(write(type, Missing.getInstance())), "the server's singleton");
        assertEquals(BsonObjectType.BSON_KEY_VALUE, write(type, new KeyValue("chat-1", 3)).get(0));
        assertEquals(BsonObjectType.OBJECT_ID, write(type, new ObjectId()).get(0));
        assertEquals(BsonObjectType.H2_OBJECT, write(type, "string-id").get(0), "strings stay H2's own compact format");
    }

    @Test
    void aMapOfAnEarlierBuildIsReadAndWrittenInH2sOwnFormat() {
        Document original = everyType();
        ByteBuffer writtenByH2 = write(new ObjectDataType(), original);
        BsonObjectType legacy = new BsonObjectType(false);

        assertEquals(writtenByH2, write(legacy, original));
        assertSameDocument(original, (Document) legacy.read(writtenByH2));
    }

    @Test
    void refusesAFormatItDoesNotKnow() {
        ByteBuffer unknown = ByteBuffer.wrap(new byte[] {42, 0, 0, 0});
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> type.read(unknown));
        assertTrue(refused.getMessage().contains("unknown value format 42"), refused.getMessage());
    }

    @Test
    void knowsWhatBsonHoldsExactly() {
        assertTrue(BsonObjectType.isExactInBson(everyType()));
        assertFalse(BsonObjectType.isExactInBson(Instant.ofEpochSecond(0, 1)));
        assertFalse(BsonObjectType.isExactInBson(Instant.MAX));
        assertFalse(BsonObjectType.isExactInBson(Map.of("a", 1)), "a map that is not a Document comes back as one");
    }

    @Test
    void documentsKeyedByObjectIdsShareTheirPages(@TempDir Path dir) {
        MVStore store = new MVStore.Builder().fileName(dir.resolve("pages.mv").toString()).autoCommitDisabled().open();
        try {
            MVMap<Object, Document> messages = store.openMap("messages",
                    new MVMap.Builder<Object, Document>().keyType(new BsonObjectType()).valueType(new BsonObjectType()));
            int documents = 2_000;
            for (int i = 0; i < documents; i++) {
                ObjectId id = new ObjectId();
                messages.put(id, new Document("_id", id).append("chat", "chat-" + (i % 20)).append("text", "message " + i)
                        .append("seq", i).append("delivered", false));
            }
            store.commit();

            int[] leavesAndKeys = leavesAndKeys(messages.getRootPage());
            assertEquals(documents, leavesAndKeys[1]);
            // H2 splits a page once its estimated memory passes 16 KB: a small document is far below a quarter of that
            assertTrue(leavesAndKeys[0] * 4 <= documents, leavesAndKeys[0] + " pages for " + documents + " documents");
        } finally {
            store.close();
        }
    }

    private static int[] leavesAndKeys(Page<Object, Document> page) {
        if (page.isLeaf()) {
            return new int[] {1, page.getKeyCount()};
        }
        int[] sum = new int[2];
        for (int i = 0; i < page.getRawChildPageCount(); i++) {
            int[] child = leavesAndKeys(page.getChildPage(i));
            sum[0] += child[0];
            sum[1] += child[1];
        }
        return sum;
    }

    private static ByteBuffer write(ObjectDataType type, Object value) {
        WriteBuffer buffer = new WriteBuffer();
        type.write(buffer, value);
        ByteBuffer written = buffer.getBuffer();
        written.flip();
        return written;
    }

    /** Equal, in the same order, with the same Java types all the way down (regular expressions have no equals). */
    static void assertSameDocument(Document expected, Document actual) {
        assertEquals(new ArrayList<>(expected.keySet()), new ArrayList<>(actual.keySet()));
        for (String field : expected.keySet()) {
            assertSameValue(expected.get(field), actual.get(field), field);
        }
    }

    static void assertSameValue(Object expected, Object actual, String path) {
        if (expected == null) {
            assertEquals(null, actual, path);
        } else if (expected instanceof Missing || expected instanceof MaxKey || expected instanceof MinKey) {
            assertInstanceOf(expected.getClass(), actual, path); // singletons without equals; Java serialization copies them
        } else if (expected instanceof KeyValue key) {
            KeyValue actualKey = assertInstanceOf(KeyValue.class, actual, path);
            assertEquals(key.size(), actualKey.size(), path);
            for (int i = 0; i < key.size(); i++) {
                assertSameValue(key.get(i), actualKey.get(i), path + "." + i);
            }
        } else if (expected instanceof Document document) {
            assertInstanceOf(Document.class, actual, path);
            assertSameDocument(document, (Document) actual);
        } else if (expected instanceof List<?> list) {
            assertInstanceOf(List.class, actual, path);
            List<?> actualList = (List<?>) actual;
            assertEquals(list.size(), actualList.size(), path);
            for (int i = 0; i < list.size(); i++) {
                assertSameValue(list.get(i), actualList.get(i), path + "." + i);
            }
        } else if (expected instanceof BsonRegularExpression regex) {
            BsonRegularExpression actualRegex = assertInstanceOf(BsonRegularExpression.class, actual, path);
            assertEquals(regex.getPattern(), actualRegex.getPattern(), path);
            assertEquals(regex.getOptions(), actualRegex.getOptions(), path);
        } else if (expected instanceof BinData binary) {
            assertArrayEquals(binary.getData(), assertInstanceOf(BinData.class, actual, path).getData(), path);
        } else {
            assertEquals(expected.getClass(), actual.getClass(), path);
            assertEquals(expected, actual, path);
        }
    }
}
