package dev.switchboard.embedded.store;

import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVStore;

import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * MongoDB's durability contract on the embedded store: a write acknowledged with {@code j: true} (or
 * {@code w: "majority"}, which implies the journal on a one-node set) survives a crash, together with every write
 * acknowledged before it. The store commits its whole state to the file and syncs it before answering such a write,
 * so after a {@code kill -9} the file holds exactly the state as of the last journaled write (H2's commit is atomic).
 */
final class JournaledWrites {
    private static final Set<String> WRITES = Set.of("insert", "update", "delete", "findandmodify");

    private JournaledWrites() {
    }

    static boolean asksForDurability(String command, Document query) {
        String name = command.toLowerCase();
        if (!WRITES.contains(name)) {
            return false;
        }
        if (!(query.get("writeConcern") instanceof Document concern)) {
            return false;
        }
        return Boolean.TRUE.equals(concern.get("j")) || "majority".equals(concern.get("w"))
                || Boolean.TRUE.equals(concern.get("fsync"));
    }

    static void makeDurable(MVStore store) {
        store.commit();
        if (COMMITS.incrementAndGet() % COMMITS_PER_COMPACTION == 0) {
            // H2 rewrites sparse chunks in its background writer, which is off here: do a bounded share of it now,
            // so the file does not grow with the dead space of a commit per batch
            store.compact(COMPACT_BELOW_FILL_RATE, COMPACT_BYTES);
            store.commit();
        }
        store.sync();
    }

    private static final AtomicLong COMMITS = new AtomicLong();
    private static final int COMMITS_PER_COMPACTION = 100;
    private static final int COMPACT_BELOW_FILL_RATE = 50;
    private static final int COMPACT_BYTES = 1024 * 1024;
}
