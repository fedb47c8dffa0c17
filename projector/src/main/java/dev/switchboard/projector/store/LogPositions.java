package dev.switchboard.projector.store;

import com.mongodb.ReadPreference;
import com.mongodb.WriteConcern;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import org.apache.kafka.common.TopicPartition;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * How far into each action partition the read models are: {@code projector_positions}, one document per partition,
 * {@code { _id: "topic:partition", topic, partition, next }}, {@code next} being the offset of the first action whose
 * effects may not all be in the store yet. The projector resumes from here, not from its consumer group's offsets, so
 * the position can never run ahead of the effects: it is written after them with a journaled, majority write, which
 * MongoDB (and the embedded store) acknowledge only once it and every write before it would survive a crash.
 * A database without read models (a new one, or one being rebuilt) is read from the beginning of the log.
 * <p>
 * A position this process has read or written is only ever updated, never inserted again, and only where it is at or
 * past where this process saw it (written with {@code $max}, a position never goes back by itself). If it is gone, the
 * database was dropped (or its positions deleted) while in use; if it is behind, the database was restored from an
 * earlier copy (or the position moved back) while in use. Either way {@link PositionsLost} says so, instead of quietly
 * moving the position on from where the loop happens to be, which would leave the read models without the actions in
 * between for good. {@link #markLost} then leaves a mark that a restarted projector finds ({@link #lostMark}), and so
 * does one still running (another instance sharing the database) when it inserts a position or every few seconds; on a
 * quiet log, which brings no batch to notice a loss with, {@link #verify} looks every few seconds.
 */
@Component
public class LogPositions {
    public static final String COLLECTION = "projector_positions";
    /** Where {@link #markLost} leaves its mark: a read model of its own, so the database no longer counts as empty. */
    public static final String LOST_COLLECTION = "projector_positions_lost";
    /** How often a projector that inserts no position looks for the mark another one left (one find). */
    /** How often a running projector looks for the mark, and on a quiet log for its positions ({@link #verify}). */
    public static final Duration CHECK_EVERY = Duration.ofSeconds(5);

    private final MongoCollection<Document> positions;
    private final MongoCollection<Document> positionsNotYetDurable;
    /** The positions this process has seen stored, by id: the furthest next offset it read or wrote there. */
    private final Map<String, Long> seen = new ConcurrentHashMap<>();
    private final MongoCollection<Document> lost;
    private volatile long markCheckedAt = System.nanoTime();

    public LogPositions(MongoDatabase database) {
        // read from the primary whatever MONGODB_URI prefers: a lagging secondary would not show a position just written
        MongoCollection<Document> collection = database.getCollection(COLLECTION).withReadPreference(ReadPreference.primary());
        this.positions = collection.withWriteConcern(WriteConcern.MAJORITY.withJournal(true));
        this.positionsNotYetDurable = collection.withWriteConcern(WriteConcern.W1);
        this.lost = database.getCollection(LOST_COLLECTION).withReadPreference(ReadPreference.primary())
                .withWriteConcern(WriteConcern.MAJORITY.withJournal(true));
    }

    /**
     * The stored next offset of each of {@code partitions} that has one.
     *
     * @throws PositionsLost when one this process had seen stored is gone, or behind where it was seen
     */
    public Map<TopicPartition, Long> of(Collection<TopicPartition> partitions) {
        List<String> ids = partitions.stream().map(LogPositions::idOf).toList();
        Map<String, Long> stored = storedNext(positions, ids);
        List<String> unlike = unlike(ids, stored);
        if (!unlike.isEmpty()) {
            throw PositionsLost.changed(unlike);
        }
        stored.forEach((id, next) -> seen.merge(id, next, Math::max));
        Map<TopicPartition, Long> found = new HashMap<>();
        partitions.forEach(partition -> Optional.ofNullable(stored.get(idOf(partition))).ifPresent(next -> found.put(partition, next)));
        return found;
    }

    /** The stored next offset of each of {@code ids} that has one, by id, read from {@code from}. */
    private static Map<String, Long> storedNext(MongoCollection<Document> from, Collection<String> ids) {
        Map<String, Long> stored = new HashMap<>();
        from.find(Filters.in("_id", ids)).forEach(doc -> stored.put(doc.getString("_id"), ((Number) doc.get("next")).longValue()));
        return stored;
    }

    /** How the positions {@code ids} that this process has seen differ from {@code stored}: gone, or behind it. */
    private List<String> unlike(Collection<String> ids, Map<String, Long> stored) {
        List<String> unlike = new ArrayList<>();
        for (String id : ids) {
            Long before = seen.get(id);
            Long now = stored.get(id);
            if (before != null && now == null) {
                unlike.add(id + " is gone");
            } else if (before != null && now < before) {
                unlike.add(id + " went back from " + before + " to " + now);
            }
        }
        return unlike;
    }

    /**
     * Checks, writing nothing, what {@link #advance} checks on its way: the positions this process has seen are still
     * stored and not behind, and no projector left the mark. A quiet log brings no batch to notice a loss with.
     *
     * @throws PositionsLost when they are not
     */
    public void verify() {
        // a store that does not answer must not hold the consumer's thread (and the batches behind it) for long
        long timeoutMs = CHECK_EVERY.toMillis();
        if (!seen.isEmpty()) {
            List<String> unlike = unlike(seen.keySet(), storedNext(positions.withTimeout(timeoutMs, TimeUnit.MILLISECONDS), seen.keySet()));
            if (!unlike.isEmpty()) {
                throw PositionsLost.changed(unlike);
            }
        }
        refuseIfMarked(lost.withTimeout(timeoutMs, TimeUnit.MILLISECONDS));
    }

    /** Whether this database has any position at all (one written by an earlier build has read models but none). */
    public boolean anyStored() {
        return positions.find().limit(1).first() != null;
    }

    /**
     * Moves the positions forward (never back: a late write of an earlier batch cannot undo a later one), durably.
     *
     * @throws PositionsLost when one this process had seen stored is gone, or behind where it was seen (the effects
     *                       before it are written all the same)
     */
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
        List<String> ids = new ArrayList<>(nextOffsets.size());
        nextOffsets.forEach((partition, next) -> {
            String id = idOf(partition);
            ids.add(id);
            Long before = seen.get(id);
            Bson where = before == null ? Filters.eq("_id", id) : Filters.and(Filters.eq("_id", id), Filters.gte("next", before));
            writes.add(new UpdateOneModel<>(where,
                    Updates.combine(Updates.setOnInsert("topic", partition.topic()), Updates.setOnInsert("partition", partition.partition()),
                            Updates.max("next", next)),
                    new UpdateOptions().upsert(before == null)));
        });
        BulkWriteResult result = (durably ? positions : positionsNotYetDurable).bulkWrite(writes);
        // each write either matched, or inserted (only one of a position not seen), or found nothing (one seen, now gone or behind)
        if (result.getMatchedCount() + result.getUpserts().size() < writes.size()) {
            List<String> unlike = unlike(ids, storedNext(positions, ids));
            throw PositionsLost.changed(unlike.isEmpty() ? ids : unlike);
        }
        nextOffsets.forEach((partition, next) -> seen.merge(idOf(partition), next, Math::max));
        // a position inserted here may be the first after a drop that another projector noticed (it left the mark)
        if (!result.getUpserts().isEmpty() || markCheckDue()) {
            refuseIfMarked(lost);
        }
    }

    private static void refuseIfMarked(MongoCollection<Document> lost) {
        Optional<String> mark = markIn(lost);
        if (mark.isPresent()) {
            throw new PositionsLost("the database carries the mark of positions lost: " + mark.get());
        }
    }

    private boolean markCheckDue() {
        long now = System.nanoTime();
        if (now - markCheckedAt < CHECK_EVERY.toNanos()) {
            return false;
        }
        markCheckedAt = now;
        return true;
    }

    /** Leaves the mark of lost positions in the database (durably), with what the projector saw. */
    public void markLost(String what) {
        lost.updateOne(Filters.eq("_id", "positions"),
                Updates.combine(Updates.setOnInsert("at", Instant.now().toString()), Updates.setOnInsert("what", what)),
                new UpdateOptions().upsert(true));
    }

    /** What the mark of lost positions says, when this database has one: its read models are missing actions. */
    public Optional<String> lostMark() {
        return markIn(lost);
    }

    private static Optional<String> markIn(MongoCollection<Document> lost) {
        Document mark = lost.find().first();
        return Optional.ofNullable(mark).map(doc -> doc.getString("what") + " (noticed " + doc.getString("at") + ")");
    }

    /**
     * Positions this process had seen stored are gone from the database, or behind where it saw them: the database was
     * dropped or restored from an earlier copy, or its positions deleted or moved back, while the projector wrote to it.
     * Its read models lack actions; they must be rebuilt from the log.
     */
    public static final class PositionsLost extends RuntimeException {
        PositionsLost(String message) {
            super(message);
        }

        static PositionsLost changed(List<String> which) {
            return new PositionsLost("positions this projector had seen changed under it: " + which);
        }
    }

    private static String idOf(TopicPartition partition) {
        return partition.topic() + ":" + partition.partition();
    }
}
