package dev.switchboard.embedded.store;

import org.bson.BsonArray;
import org.bson.BsonBinary;
import org.bson.BsonBinarySubType;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonJavaScript;
import org.bson.BsonMaxKey;
import org.bson.BsonMinKey;
import org.bson.BsonNull;
import org.bson.BsonObjectId;
import org.bson.BsonRegularExpression;
import org.bson.BsonString;
import org.bson.BsonTimestamp;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;

import java.util.List;

/** A document holding every BSON type the store keeps as sent (the driver's view), for tests of the store's file. */
final class EveryBsonType {
    private EveryBsonType() {
    }

    static BsonDocument document(String id) {
        byte[] uuid = {0x12, 0x3e, 0x45, 0x67, (byte) 0xe8, (byte) 0x9b, 0x12, (byte) 0xd3, (byte) 0xa4, 0x56, 0x42, 0x66, 0x14, 0x17, 0x40, 0x00};
        return new BsonDocument("_id", new BsonString(id))
                .append("string", new BsonString("chat message \u2713 with \uD834\uDD1E"))
                .append("int", new BsonInt32(42))
                .append("long", new BsonInt64(1L << 40))
                .append("double", new BsonDouble(3.25))
                .append("negativeZero", new BsonDouble(-0.0))
                .append("true", BsonBoolean.TRUE)
                .append("false", BsonBoolean.FALSE)
                .append("null", BsonNull.VALUE)
                .append("date", new BsonDateTime(1_700_000_000_123L))
                .append("objectId", new BsonObjectId(new ObjectId("5f1e2d3c4b5a697887766554")))
                .append("document", new BsonDocument("s", new BsonString("inner")).append("n", new BsonInt32(7))
                        .append("deeper", new BsonDocument("list", new BsonArray(List.of(new BsonInt64(3L))))))
                .append("array", new BsonArray(List.of(new BsonString("a"), new BsonInt32(1), BsonNull.VALUE,
                        new BsonDocument("x", new BsonDouble(1.5)), new BsonArray(List.of(BsonBoolean.TRUE)))))
                .append("emptyArray", new BsonArray())
                .append("binary", new BsonBinary(new byte[] {0, 1, 2, (byte) 255}))
                .append("uuid", new BsonBinary(BsonBinarySubType.UUID_STANDARD, uuid))
                .append("legacyUuid", new BsonBinary(BsonBinarySubType.UUID_LEGACY, uuid))
                .append("decimal", new BsonDecimal128(Decimal128.parse("12345.6789")))
                .append("timestamp", new BsonTimestamp(1_700_000_000, 5))
                .append("regex", new BsonRegularExpression("^chat-[0-9]+$", "i"))
                .append("javascript", new BsonJavaScript("function() { return 1; }"))
                .append("maxKey", new BsonMaxKey())
                .append("minKey", new BsonMinKey());
    }
}
