package dev.switchboard.projector.logtools;

import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import dev.switchboard.projector.store.LogPositions;
import dev.switchboard.projector.store.OwnerEpoch;
import dev.switchboard.projector.store.ReadModels;
import dev.switchboard.readmodels.chat.ChatReadModel;
import dev.switchboard.readmodels.notification.NotificationReadModel;
import dev.switchboard.readmodels.support.SupportReadModel;
import org.bson.Document;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compares two read-model databases document by document: per collection a count and a content hash (SHA-256 over the
 * documents in {@code _id} order, each with its keys sorted, so the order in which fields were written does not count),
 * and the first document that differs. What legitimately differs between a live and a rebuilt database is left out:
 * <ul>
 *   <li>{@code projector_positions} is compared on its own ({@link #positionsApart}): equal positions are what makes
 *       the rest comparable;</li>
 *   <li>{@code projector_health} counts the store checks of the process that ran;</li>
 *   <li>{@code support_tickets.applied} and {@code chats.applied} record the actions of the poll batch that last wrote
 *       the ticket or chat, {@code notifications.createdAfter} / {@code deliveredAfter} / {@code readAfter} the owner's
 *       actions before a change in its batch, and a rebuild cuts the log into other batches than the live projector did (500 actions at once rather
 *       than as they came);</li>
 *   <li>{@code projector_owners} and every document's {@code writerEpoch} ({@link OwnerEpoch}) count the processes that
 *       wrote.</li>
 * </ul>
 */
public final class ReadModelComparison {
    /**
     * Documents per reply of a whole-collection scan. Without it the driver leaves the size of later batches to the
     * server; real MongoDB caps them at 16 MB, the embedded store answered 84 MB at once, past the driver's 48 MB limit.
     */
    static final int SCAN_BATCH = 500;

    static final Set<String> NOT_COMPARED = ReadModels.BOOKKEEPING;
    /** Fields that depend on how the log was cut into poll batches, by collection. */
    static final Map<String, Set<String>> BATCH_BOOKKEEPING = Map.of(SupportReadModel.TICKETS, Set.of("applied"),
            ChatReadModel.CHATS, Set.of(ChatReadModel.LAST_WRITE), NotificationReadModel.COLLECTION,
            Set.of(NotificationReadModel.CREATED_AFTER, NotificationReadModel.DELIVERED_AFTER, NotificationReadModel.READ_AFTER));
    private static final JsonWriterSettings JSON = JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED).build();

    /** A collection's count and content hash. */
    public record Digest(long count, String hash) {
    }

    /** The first document that differs: where, and the first field (a dotted path) in which it does. */
    public record Difference(String collection, Object id, String field, String live, String rebuilt) {
        @Override
        public String toString() {
            return collection + " _id=" + id + (field == null ? "" : " field " + field) + ": live " + live + ", rebuilt " + rebuilt;
        }
    }

    private ReadModelComparison() {
    }

    /** Digests of every compared collection of {@code database}, by name. */
    public static Map<String, Digest> digests(MongoDatabase database) {
        Map<String, Digest> digests = new TreeMap<>();
        for (String name : database.listCollectionNames()) {
            if (NOT_COMPARED.contains(name)) {
                continue;
            }
            MessageDigest sha = sha256();
            long count = 0;
            for (Document doc : database.getCollection(name).find().sort(Sorts.ascending("_id")).batchSize(SCAN_BATCH)) {
                sha.update(canonical(name, doc).getBytes(StandardCharsets.UTF_8));
                sha.update((byte) '\n');
                count++;
            }
            digests.put(name, new Digest(count, HexFormat.of().formatHex(sha.digest(), 0, 8)));
        }
        return digests;
    }

    /** The first differing document of the first collection (by name) whose digests differ; empty when all are equal. */
    public static Optional<Difference> firstDifference(MongoDatabase live, MongoDatabase rebuilt) {
        return firstDifference(live, rebuilt, digests(live), digests(rebuilt));
    }

    /** As {@link #firstDifference(MongoDatabase, MongoDatabase)}, given both databases' digests. */
    public static Optional<Difference> firstDifference(MongoDatabase live, MongoDatabase rebuilt, Map<String, Digest> a, Map<String, Digest> b) {
        Set<String> names = new TreeSet<>(a.keySet());
        names.addAll(b.keySet());
        for (String name : names) {
            Digest left = a.getOrDefault(name, new Digest(0, "-"));
            Digest right = b.getOrDefault(name, new Digest(0, "-"));
            if (left.count() == 0 && right.count() == 0) {
                continue;
            }
            if (!left.equals(right)) {
                return Optional.of(firstDifferenceIn(name, live, rebuilt));
            }
        }
        return Optional.empty();
    }

    private static Difference firstDifferenceIn(String name, MongoDatabase live, MongoDatabase rebuilt) {
        try (MongoCursor<Document> left = live.getCollection(name).find().sort(Sorts.ascending("_id")).batchSize(SCAN_BATCH).iterator();
             MongoCursor<Document> right = rebuilt.getCollection(name).find().sort(Sorts.ascending("_id")).batchSize(SCAN_BATCH).iterator()) {
            while (left.hasNext() || right.hasNext()) {
                Document l = left.hasNext() ? left.next() : null;
                Document r = right.hasNext() ? right.next() : null;
                if (l == null || r == null || !Objects.equals(l.get("_id"), r.get("_id"))) {
                    if (l != null && rebuilt.getCollection(name).find(Filters.eq("_id", l.get("_id"))).first() == null) {
                        return new Difference(name, l.get("_id"), null, "has it", "has no such document");
                    }
                    return new Difference(name, r.get("_id"), null, "has no such document", "has it");
                }
                String field = firstDifferingField(strip(name, l), strip(name, r), "");
                if (field != null) {
                    return new Difference(name, l.get("_id"), field, valueAt(l, field), valueAt(r, field));
                }
            }
        }
        // not expected: the field walk sees what the hash sees (values, types, fields absent on one side)
        return new Difference(name, null, null, "hash differs", "hash differs, but no field of any document was found to");
    }

    /**
     * How many actions apart the two databases' positions are (0: both read the log up to the same offsets, so their
     * read models must be equal).
     */
    public static long positionsApart(MongoDatabase live, MongoDatabase rebuilt) {
        Map<String, Long> a = positions(live);
        Map<String, Long> b = positions(rebuilt);
        Set<String> partitions = new TreeSet<>(a.keySet());
        partitions.addAll(b.keySet());
        long apart = 0;
        for (String partition : partitions) {
            apart += Math.abs(a.getOrDefault(partition, 0L) - b.getOrDefault(partition, 0L));
        }
        return apart;
    }

    private static Map<String, Long> positions(MongoDatabase database) {
        Map<String, Long> positions = new TreeMap<>();
        for (Document doc : database.getCollection(LogPositions.COLLECTION).find().batchSize(SCAN_BATCH)) {
            positions.put(doc.getString("_id"), ((Number) doc.get("next")).longValue());
        }
        return positions;
    }

    /** Prints the table of counts and hashes, live ({@code a}) beside rebuilt ({@code b}). */
    public static void printTable(Map<String, Digest> a, Map<String, Digest> b, PrintWriter out) {
        Set<String> names = new TreeSet<>(a.keySet());
        names.addAll(b.keySet());
        out.printf(Locale.ROOT, "%-24s %12s %-18s %12s %-18s %s%n", "collection", "live", "live hash", "rebuilt", "rebuilt hash", "");
        for (String name : names) {
            Digest l = a.getOrDefault(name, new Digest(0, "-"));
            Digest r = b.getOrDefault(name, new Digest(0, "-"));
            boolean same = l.equals(r) || (l.count() == 0 && r.count() == 0);
            out.printf(Locale.ROOT, "%-24s %12d %-18s %12d %-18s %s%n", name, l.count(), l.hash(), r.count(), r.hash(), same ? "equal" : "DIFFERENT");
        }
    }

    static String canonical(String collection, Document doc) {
        return sorted(strip(collection, doc)).toJson(JSON);
    }

    private static Document strip(String collection, Document doc) {
        Set<String> leaveOut = BATCH_BOOKKEEPING.getOrDefault(collection, Set.of());
        if (leaveOut.isEmpty() && !doc.containsKey(OwnerEpoch.FIELD)) {
            return doc;
        }
        Document copy = new Document(doc);
        leaveOut.forEach(copy::remove);
        copy.remove(OwnerEpoch.FIELD);
        return copy;
    }

    private static Document sorted(Document doc) {
        Document out = new Document();
        new TreeMap<>(doc).forEach((key, value) -> out.put(key, sortedValue(value)));
        return out;
    }

    private static Object sortedValue(Object value) {
        if (value instanceof Document d) {
            return sorted(d);
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(item -> out.add(sortedValue(item)));
            return out;
        }
        return value;
    }

    /** The dotted path of the first field (in key order) whose values differ, or null. */
    private static String firstDifferingField(Object a, Object b, String path) {
        if (a instanceof Document da && b instanceof Document db) {
            Set<String> keys = new TreeSet<>(da.keySet());
            keys.addAll(db.keySet());
            for (String key : keys) {
                String keyPath = path.isEmpty() ? key : path + "." + key;
                if (da.containsKey(key) != db.containsKey(key)) {
                    return keyPath; // absent on one side, even if null on the other
                }
                String found = firstDifferingField(da.get(key), db.get(key), keyPath);
                if (found != null) {
                    return found;
                }
            }
            return null;
        }
        if (a instanceof List<?> la && b instanceof List<?> lb) {
            for (int i = 0; i < Math.max(la.size(), lb.size()); i++) {
                String found = firstDifferingField(i < la.size() ? la.get(i) : null, i < lb.size() ? lb.get(i) : null, path + "." + i);
                if (found != null) {
                    return found;
                }
            }
            return null;
        }
        return Objects.equals(a, b) ? null : path;
    }

    private static String valueAt(Document doc, String path) {
        Object value = doc;
        for (String part : path.split("\\.")) {
            if (value instanceof Document d) {
                if (!d.containsKey(part)) {
                    return "(absent)";
                }
                value = d.get(part);
            } else if (value instanceof List<?> list && part.chars().allMatch(Character::isDigit) && Integer.parseInt(part) < list.size()) {
                value = list.get(Integer.parseInt(part));
            } else {
                value = null;
            }
        }
        String text = value instanceof Document d ? d.toJson(JSON) : String.valueOf(value);
        return text.length() > 120 ? text.substring(0, 120) + "…" : text;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
