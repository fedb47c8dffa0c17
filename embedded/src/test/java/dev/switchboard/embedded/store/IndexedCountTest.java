package dev.switchboard.embedded.store;

import de.bwaldvogel.mongo.bson.Document;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class IndexedCountTest {
    private static Document aggregate(Object... stages) {
        return new Document("aggregate", "messages").append("pipeline", List.of(stages));
    }

    private static final Document COUNT_ALL = new Document("$group", new Document("_id", 1).append("n", new Document("$sum", 1)));

    @Test
    void recognisesTheDriversCountDocuments() {
        Document filter = new Document("chat", "c1");
        assertEquals(Optional.of(filter), IndexedCount.filterOf(aggregate(new Document("$match", filter), COUNT_ALL)));
    }

    @Test
    void leavesEveryOtherPipelineToTheAggregationEngine() {
        Document match = new Document("$match", new Document("chat", "c1"));
        assertEquals(Optional.empty(), IndexedCount.filterOf(aggregate(match)));
        assertEquals(Optional.empty(), IndexedCount.filterOf(aggregate(match, new Document("$skip", 1), COUNT_ALL)));
        assertEquals(Optional.empty(), IndexedCount.filterOf(aggregate(match,
                new Document("$group", new Document("_id", "$chat").append("n", new Document("$sum", 1))))));
        assertEquals(Optional.empty(), IndexedCount.filterOf(aggregate(match,
                new Document("$group", new Document("_id", 1).append("n", new Document("$sum", "$size"))))));
    }
}
