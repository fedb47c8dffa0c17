package dev.switchboard.projector.logtools;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import dev.switchboard.events.Ids;
import dev.switchboard.standalone.TestStack;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code rebuild --verify}'s comparison names the field that makes two documents differ, whatever kind of difference it is. */
class ReadModelComparisonTest {

    @Test
    void aFieldThatIsNullOnOneSideAndAbsentOnTheOtherIsNamed() {
        assertEquals(new ReadModelComparison.Difference("things", "t1", "tag", "null", "(absent)"),
                difference(new Document("_id", "t1").append("n", 1).append("tag", null), new Document("_id", "t1").append("n", 1)));
    }

    @Test
    void aNestedFieldAbsentOnOneSideIsNamedByItsPath() {
        assertEquals(new ReadModelComparison.Difference("things", "t1", "last.readAt", "(absent)", "null"),
                difference(new Document("_id", "t1").append("last", new Document("isRead", false)),
                        new Document("_id", "t1").append("last", new Document("isRead", false).append("readAt", null))));
    }

    @Test
    void aNumberOfAnotherTypeIsNamed() {
        assertEquals(new ReadModelComparison.Difference("things", "t1", "n", "1", "1"),
                difference(new Document("_id", "t1").append("n", 1), new Document("_id", "t1").append("n", 1L)));
    }

    private static ReadModelComparison.Difference difference(Document live, Document rebuilt) {
        try (MongoClient mongo = MongoClients.create(TestStack.shared().mongoUri())) {
            MongoDatabase a = mongo.getDatabase("compare_live_" + Ids.newId());
            MongoDatabase b = mongo.getDatabase("compare_rebuilt_" + Ids.newId());
            a.getCollection("things").insertOne(live);
            b.getCollection("things").insertOne(rebuilt);
            Optional<ReadModelComparison.Difference> difference = ReadModelComparison.firstDifference(a, b);
            a.drop();
            b.drop();
            return difference.orElseThrow();
        }
    }
}
