package dev.switchboard.embedded.store;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.bson.Document;

import java.util.List;
import java.util.Optional;

/**
 * The MongoDB driver's {@code countDocuments(filter)} is the aggregation {@code [{$match: filter}, {$group: {_id: 1,
 * n: {$sum: 1}}}]}, which mongo-java-server runs over every document of the collection. Recognised here and
 * answered with the server's own query path instead, which uses the collection's indexes; same result.
 */
final class IndexedCount {
    private IndexedCount() {
    }

    /** The filter, if the aggregate command is exactly a countDocuments without skip or limit. */
    static Optional<Document> filterOf(Document aggregate) {
        if (!(aggregate.get("pipeline") instanceof List<?> pipeline) || pipeline.size() != 2
                || !(pipeline.get(0) instanceof Document match) || !(pipeline.get(1) instanceof Document group)
                || match.size() != 1 || !(match.get("$match") instanceof Document filter) || group.size() != 1
                || !(group.get("$group") instanceof Document grouping)) {
            return Optional.empty();
        }
        boolean countsAll = grouping.size() == 2 && Integer.valueOf(1).equals(grouping.get("_id"))
                && grouping.get("n") instanceof Document sum && sum.size() == 1 && Integer.valueOf(1).equals(sum.get("$sum"));
        return countsAll ? Optional.of(filter) : Optional.empty();
    }

    /** The aggregate command's answer: one batch holding {@code {_id: 1, n}}, or none when nothing matches. */
    static Document answer(String namespace, MongoCollection<?> collection, Document filter) {
        int count;
        if (collection == null) {
            count = 0;
        } else {
            synchronized (collection) { // as the server's own query path holds it: no write changes the documents meanwhile
                count = collection.count(filter, 0, 0);
            }
        }
        List<Document> batch = count == 0 ? List.of() : List.of(new Document("_id", 1).append("n", count));
        Document cursor = new Document("id", 0L).append("ns", namespace).append("firstBatch", batch);
        return new Document("cursor", cursor).append("ok", 1.0);
    }
}
