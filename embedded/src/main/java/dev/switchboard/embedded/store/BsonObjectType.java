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
import de.bwaldvogel.mongo.wire.BsonConstants;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * H2's object type (same order, so a map's keys sort as before), but writing the store's documents, index keys and
 * ObjectIds as BSON with mongo-java-server's own wire encoder and decoder, so they come back exactly as the server
 * decoded them from a client. H2 writes any class it does not know (all of those) with Java serialization, an
 * {@code ObjectOutputStream} per value on every commit of its page, which profiling showed as a fifth of the store's
 * CPU. Strings, numbers and booleans H2 already writes compactly; they stay H2's.
 * <p>
 * A value BSON would not give back as it was (an {@code Instant} finer than a millisecond, as {@code $currentDate}
 * makes, a lone surrogate in a string, a type the wire never carries such as the server's {@code Missing}) is written
 * the old way, so nothing the store holds changes when it is written and read again. One leading byte tells how
 * each value was written. Maps written by an earlier build hold H2's format without that byte: they are opened with
 * H2's own type ({@link CollectionMaps}).
 */
class BsonObjectType extends ObjectDataType {
    static final byte H2_OBJECT = 0;
    static final byte BSON_VALUE = 1;
    static final byte BSON_KEY_VALUE = 2;
    static final byte OBJECT_ID = 3;
    static final byte BSON_DOCUMENT = 4;
    static final byte MISSING = 5;
    private static final String VALUE_FIELD = "v";

    private final boolean bson;

    BsonObjectType() {
        this(true);
    }

    /** @param bson false for a map written by an earlier build: H2's format, read and written as before */
    BsonObjectType(boolean bson) {
        this.bson = bson;
    }

    boolean writesBson() {
        return bson;
    }

    @Override
    public void write(WriteBuffer buff, Object value) {
        if (!bson) {
            super.write(buff, value);
            return;
        }
        if (value instanceof ObjectId id && id.getClass() == ObjectId.class) {
            buff.put(OBJECT_ID).put(id.toByteArray());
            return;
        }
        if (value instanceof Missing) { // a unique index's position of a document without _id
            buff.put(MISSING);
            return;
        }
        if (!isCompactInH2(value) && writeBson(buff, value)) {
            return;
        }
        buff.put(H2_OBJECT);
        super.write(buff, value);
    }

    /** False, having written nothing, if BSON would not give the value back exactly. */
    private static boolean writeBson(WriteBuffer buff, Object value) {
        byte format;
        Document bson;
        if (value instanceof Document document && isExactInBson(document)) {
            format = BSON_DOCUMENT;
            bson = document;
        } else if (value instanceof KeyValue key && isExactInBson(valuesOf(key))) {
            format = BSON_KEY_VALUE;
            bson = new Document();
            for (int i = 0; i < key.size(); i++) {
                bson.put(Integer.toString(i), key.get(i));
            }
        } else if (isExactInBson(value)) {
            format = BSON_VALUE;
            bson = new Document(VALUE_FIELD, value);
        } else {
            return false;
        }
        ByteBuf out = BsonEncoding.encode(bson);
        try {
            if (out.readableBytes() - 4 > BsonConstants.MAX_BSON_OBJECT_SIZE) { // the decoder refuses larger ones
                return false;
            }
            buff.put(format);
            buff.put(out.array(), out.arrayOffset() + out.readerIndex(), out.readableBytes());
            return true;
        } finally {
            BsonEncoding.release(out);
        }
    }

    @Override
    public Object read(ByteBuffer buff) {
        if (!bson) {
            return super.read(buff);
        }
        byte format = buff.get();
        switch (format) {
            case H2_OBJECT:
                return super.read(buff);
            case OBJECT_ID:
                byte[] id = new byte[BsonConstants.LENGTH_OBJECTID];
                buff.get(id);
                return new ObjectId(id);
            case BSON_DOCUMENT:
                return readBson(buff);
            case MISSING:
                return Missing.getInstance();
            case BSON_VALUE:
                return readBson(buff).get(VALUE_FIELD);
            case BSON_KEY_VALUE:
                return new KeyValue(readBson(buff).values());
            default:
                throw new IllegalStateException("unknown value format " + format + " in the store file");
        }
    }

    /**
     * H2 sizes its pages and its cache by this estimate; only its order of magnitude matters. Only for what H2 writes
     * itself is its own estimate right: for any other class it answers the running average of its Java-serialized sizes,
     * which starts at 10,000 bytes and never moves when nothing is Java-serialized. An ObjectId key so estimated made
     * every page of a collection keyed by ObjectIds split after its first document (16 KB pages): one document per
     * page, and each commit of a batch of messages wrote as many pages as messages.
     */
    @Override
    public int getMemory(Object value) {
        return isCompactInH2(value) ? super.getMemory(value) : estimatedMemory(value);
    }

    private static int estimatedMemory(Object value) {
        if (value instanceof String text) {
            return 40 + text.length();
        }
        if (value instanceof Map<?, ?> map) {
            int memory = 64;
            for (Map.Entry<?, ?> field : map.entrySet()) {
                memory += 32 + estimatedMemory(field.getKey()) + estimatedMemory(field.getValue());
            }
            return memory;
        }
        if (value instanceof Iterable<?> elements) { // lists and KeyValues
            int memory = 40;
            for (Object element : elements) {
                memory += 8 + estimatedMemory(element);
            }
            return memory;
        }
        if (value instanceof BinData binary) {
            return 32 + binary.getData().length;
        }
        return 24;
    }

    private static Document readBson(ByteBuffer buff) {
        int start = buff.position();
        int length = littleEndianInt(buff, start); // BSON's length prefix, which counts itself
        ByteBuf in;
        if (buff.hasArray()) {
            in = Unpooled.wrappedBuffer(buff.array(), buff.arrayOffset() + start, length);
        } else {
            byte[] copy = new byte[length];
            buff.duplicate().get(copy);
            in = Unpooled.wrappedBuffer(copy);
        }
        Document document = BsonDecoder.decodeBson(in);
        buff.position(start + length);
        return document;
    }

    private static int littleEndianInt(ByteBuffer buff, int at) {
        return (buff.get(at) & 0xff) | (buff.get(at + 1) & 0xff) << 8 | (buff.get(at + 2) & 0xff) << 16
                | (buff.get(at + 3) & 0xff) << 24;
    }

    private static List<Object> valuesOf(KeyValue key) {
        List<Object> values = new ArrayList<>(key.size());
        key.forEach(values::add);
        return values;
    }

    /** What H2 writes without Java serialization, in about as few bytes as BSON would. */
    private static boolean isCompactInH2(Object value) {
        return value == null || value instanceof String || value instanceof Integer || value instanceof Long
                || value instanceof Double || value instanceof Boolean || value instanceof UUID;
    }

    /** Whether BSON gives this value back as an equal value of the same type (a list: as an equal ArrayList). */
    static boolean isExactInBson(Object value) {
        if (value instanceof String text) {
            return isExactInUtf8(text, false);
        }
        if (value == null || value instanceof Integer || value instanceof Long || value instanceof Double
                || value instanceof Boolean || value instanceof Decimal128 || value instanceof BinData
                || value instanceof UUID || value instanceof LegacyUUID || value instanceof BsonTimestamp
                || value instanceof BsonJavaScript || value instanceof MaxKey || value instanceof MinKey) {
            return true;
        }
        if (value instanceof ObjectId) {
            return value.getClass() == ObjectId.class;
        }
        if (value instanceof Instant instant) {
            return instant.getNano() % 1_000_000 == 0 && fitsInMillis(instant);
        }
        if (value instanceof BsonRegularExpression regex) {
            return regex.getClass() == BsonRegularExpression.class && isExactInUtf8(regex.getPattern(), true)
                    && isExactInUtf8(regex.getOptions(), true);
        }
        if (value instanceof Document document) {
            for (Map.Entry<String, Object> field : document.entrySet()) {
                if (!isExactInUtf8(field.getKey(), true) || !isExactInBson(field.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (value instanceof List<?> elements) {
            for (Object element : elements) {
                if (!isExactInBson(element)) {
                    return false;
                }
            }
            return true;
        }
        return false; // other maps and collections, the server's Missing, and types the wire never carries
    }

    private static boolean fitsInMillis(Instant instant) {
        try {
            instant.toEpochMilli();
            return true;
        } catch (ArithmeticException tooFar) {
            return false;
        }
    }

    /**
     * UTF-8 cannot hold a lone surrogate (Java serialization can); field names and regular expressions are written
     * as C strings, which end at the first NUL.
     */
    private static boolean isExactInUtf8(String text, boolean cString) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\0' && cString) {
                return false;
            }
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return false;
                }
            }
        }
        return true;
    }
}
