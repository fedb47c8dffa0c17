package dev.switchboard.projector.store;

import com.mongodb.client.MongoDatabase;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import org.apache.kafka.common.TopicPartition;
import org.bson.Document;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How far into each action partition the read models are: {@code projector_positions}, one document per partition,
 * {@code { _id: "topic:partition", topic, partition, next }}, {@code next} being the offset of the first action whose
 * effects may not all be in the store yet. The projector resumes from here, not from its consumer group's offsets, so
 * the position can never run ahead of the effects: it is written after them with a journaled, majority write, which
 * MongoDB (and the embedded store) acknowledge only once it and every write before it would survive a crash.
 * A database without read models (a new one, or one being rebuilt) is read from the beginning of the log.
 */
@Component
public class LogPositions {
    public static final String COLLECTION = "projector_positions";

    private final MongoCollection<Document> positions;
    private final MongoCollection<Document> positionsNotYetDurable;

    public LogPositions(MongoDatabase database) {
        this.positions = database.getCollection(COLLECTION).withWriteConcern(WriteConcern.MAJORITY.withJournal(true));
        this.positionsNotYetDurable = database.getCollection(COLLECTION).withWriteConcern(WriteConcern.W1);
    }

    /** The stored next offset of each of {@code partitions} that has one. */
    public Map<TopicPartition, Long> of(Collection<TopicPartition> partitions) {
        List<String> ids = partitions.stream().map(LogPositions::idOf).toList();
        Map<TopicPartition, Long> found = new HashMap<>();
        for (Document doc : positions.find(Filters.in("_id", ids))) {
            found.put(new TopicPartition(doc.getString("topic"), doc.getInteger("partition")), ((Number) doc.get("next")).longValue());
        }
        return found;
    }

    /** Whether this database has any position at all (one written by an earlier build has read models but none). */
    public boolean anyStored() {
        return positions.find().limit(1).first() != null;
    }

    /** Moves the positions forward (never back: a late write of an earlier batch cannot undo a later one), durably. */
    public void advance(Map<TopicPartition, Long> nextOffsets) {
        advance(nextOffsets, true);
    }

    /**
     * As {@link #advance(Map)}; {@code durably} false leaves this write, and the effects before it, to the next durable
     * one. Only a rebuild does that (its database is not used until it has finished, and an interrupted rebuild is
     * dropped): a journaled write costs a sync of the store's file.
     */
    public void advance(Map<TopicPartition, Long> nextOffsets, boolean durably) {
        if (nextOffsets.isEmpty()) {
            return;
        }
        List<WriteModel<Document>> writes = new ArrayList<>(nextOffsets.size());
        nextOffsets.forEach((partition, next) -> writes.add(new UpdateOneModel<>(Filters.eq("_id", idOf(partition)),
                Updates.combine(Updates.setOnInsert("topic", partition.topic()), Updates.setOnInsert("partition", partition.partition()),
                        Updates.max("next", next)),
                new UpdateOptions().upsert(true))));
        (durably ? positions : positionsNotYetDurable).bulkWrite(writes);
    }

    private static String idOf(TopicPartition partition) {
        return partition.topic() + ":" + partition.partition();
    }
}
