package dev.switchboard.projector.notification;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A rebuild's memory of every {@code (user, idempotencyKey)} it has written, so that a batch asks the store only for
 * the keys that can match a stored notification. A rebuild starts from an empty database and is its only writer, so a
 * key it has not written is not stored: leaving it out of the load finds exactly the documents the full load finds,
 * and the decisions are the live loop's. Keys are noted before the write that stores them (a superset is safe: such a
 * key is just asked for). The live loop does not use this (its database was not empty when it started). Past
 * {@code limit} keys it stops narrowing for good, so its memory stays bounded; the loads are then the live loop's.
 * <p>
 * Why: the store narrows the per-user key query by {@code user} only (the embedded store cannot use the compound
 * unique index for an {@code $in}), so without this every batch matched every stored notification of its users, a cost
 * that grew with each user's history: finds were a quarter of the store's samples in a rebuild's profile, 2 % with this.
 */
final class WrittenKeys {
    static final int DEFAULT_LIMIT = 2_000_000;

    private final Set<String> keys = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean complete = new AtomicBoolean(true);
    private final int limit;

    WrittenKeys(int limit) {
        this.limit = limit;
    }

    /** Whether a stored notification of {@code userId} may carry {@code key} (true when no longer narrowing). */
    boolean mayBeStored(String userId, String key) {
        return !complete.get() || keys.contains(entry(userId, key));
    }

    /** Notes the keys of notifications about to be written. */
    void writing(Collection<NotificationChange> changes) {
        if (!complete.get()) {
            return;
        }
        for (NotificationChange change : changes) {
            if (change instanceof NotificationChange.Created created && created.notification().idempotencyKey() != null) {
                keys.add(entry(created.notification().notification().user(), created.notification().idempotencyKey()));
            }
        }
        if (keys.size() > limit) {
            complete.set(false);
            keys.clear();
        }
    }

    private static String entry(String userId, String key) {
        return userId + '\u0000' + key;
    }
}
